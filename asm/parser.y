/* parser.y: the grammar of bpfas assembly. A handful of operand shapes; which opcode an
 * operator word means comes from the ISA table, and asm.c checks and encodes. */
%require "3.5"
%define api.pure full
%define api.prefix {asm_yy}
%define parse.error detailed
%define parse.lac none
%locations
%expect 0
%param {void *scanner}
%parse-param {struct asm_ctx *ctx}

%code requires {
#include <stdint.h>
#include "asm_int.h"
#define ASM_YYLTYPE struct asm_loc
#define ASM_YYLTYPE_IS_DECLARED 1
#define ASM_YYLTYPE_IS_TRIVIAL 1
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                                         \
	do {                                                                                \
		if (N) {                                                                    \
			(Cur).file = YYRHSLOC(Rhs, 1).file;                                 \
			(Cur).first_line = YYRHSLOC(Rhs, 1).first_line;                     \
			(Cur).first_column = YYRHSLOC(Rhs, 1).first_column;                 \
			(Cur).last_line = YYRHSLOC(Rhs, N).last_line;                       \
			(Cur).last_column = YYRHSLOC(Rhs, N).last_column;                   \
		} else {                                                                    \
			(Cur) = YYRHSLOC(Rhs, 0);                                           \
			(Cur).first_line = (Cur).last_line;                                 \
			(Cur).first_column = (Cur).last_column;                             \
		}                                                                           \
	} while (0)
}

%code provides {
/* the names flex's bison bridge expects */
#define YYSTYPE ASM_YYSTYPE
#define YYLTYPE ASM_YYLTYPE
int asm_yyparse(void *scanner, struct asm_ctx *ctx);
}

%union {
	uint8_t reg;
	int64_t num;
	int row;
	struct asm_sym *sym;
	const char *name;
	struct { const char *s; size_t len; } str;
	struct asm_val val;
	struct asm_operand opnd;
	struct asm_mem mem;
	struct asm_target tgt;
	struct asm_arg *arg;
}

%code {
#include "lexer.h"
static void asm_yyerror(ASM_YYLTYPE *loc, void *scanner, struct asm_ctx *ctx, const char *msg);
static struct asm_arg *new_arg(struct asm_ctx *ctx, int kind, const ASM_YYLTYPE *loc);
static struct asm_operand reg_operand(uint8_t reg, const ASM_YYLTYPE *loc);
static struct asm_operand val_operand(struct asm_val v, const ASM_YYLTYPE *loc);
static struct asm_target num_target(int64_t delta, const ASM_YYLTYPE *loc);
static struct asm_mem make_mem(struct asm_ctx *ctx, uint8_t reg, const ASM_YYLTYPE *regloc, struct asm_val off);
}

%token EOL "end of line"
%token <reg> REG "register"
%token <num> NUM "number"
%token <num> LOCALREF "local label reference"
%token <sym> IDENT "name"
%token <name> DIRECTIVE "directive"
%token <str> STRING "string"
%token <str> SECNAME "section name"
%token <str> RAWARGS "directive arguments"
%token <num> GOTO "goto"
%token IF "if" CALL "call" CALLX "callx" EXIT "exit" LOCK "lock" LL "ll"
%token MAYGOTO "may_goto" SKB "skb" SIZEOF "sizeof" LDPSEUDO "ld_pseudo" PC "pc"
%token <row> ENDOP "byte-swap operator" SIZE "width (u8, u16, u32, u64, s8, ...)"
%token <row> DEREF "*(uN *)" PTRTYPE "(uN *)" CAST "(sN)"
%token <row> ATOMICFN "atomic operation" STOREREL "store_release"
%token <row> OPASSIGN "compound assignment" CMP "comparison"
%token SHL "<<" SHR ">>"

%type <val> expr
%type <opnd> src
%type <mem> mem addr
%type <tgt> target call_target
%type <arg> args arg
%type <name> binop

%left '|'
%left '^'
%left '&'
%left SHL SHR
%left '+' '-'
%left '*' '/' '%'
%precedence UNARY

%%
input:
	  %empty
	| input line
	;

line:
	  stmt EOL
	| labels stmt EOL
	| error EOL		{ yyerrok; }
	;

labels:
	  label
	| labels label
	;

label:
	  IDENT ':'		{ asm_label(ctx, $1, &@1); }
	| NUM ':'		{ asm_numlabel(ctx, (uint64_t)$1, &@1); }
	;

stmt:
	  %empty
	| insn
	| DIRECTIVE		{ asm_directive(ctx, &@$, $1, NULL); }
	| DIRECTIVE args	{ asm_directive(ctx, &@$, $1, $2); }
	;

insn:
	  REG '=' src			{ asm_ins_alu(ctx, &@$, ctx->row_mov, $1, &$3); }
	| REG OPASSIGN src		{ asm_ins_alu(ctx, &@$, $2, $1, &$3); }
	| REG '=' '-' REG		{ asm_ins_neg(ctx, &@$, $1, $4); }
	| REG '=' CAST REG		{ asm_ins_movsx(ctx, &@$, $1, $3, $4); }
	| REG '=' ENDOP REG		{ asm_ins_end(ctx, &@$, $1, $3, $4); }
	| REG '=' expr LL		{ asm_ins_lddw(ctx, &@$, $1, &$3); }
	| LDPSEUDO REG ',' expr ',' expr { asm_ins_ldpseudo(ctx, &@$, $2, &$4, &$6); }
	| REG '=' DEREF mem		{ asm_ins_load(ctx, &@$, $1, $3, &$4); }
	| REG '=' DEREF SKB '[' expr ']'
					{ asm_ins_ldpkt(ctx, &@$, $1, $3, -1, &$6); }
	| REG '=' DEREF SKB '[' REG ']'
					{ struct asm_val z = asm_val_num(0, &@6);
					  asm_ins_ldpkt(ctx, &@$, $1, $3, $6, &z); }
	| REG '=' DEREF SKB '[' REG '+' expr ']'
					{ asm_ins_ldpkt(ctx, &@$, $1, $3, $6, &$8); }
	| DEREF mem '=' src		{ asm_ins_store(ctx, &@$, $1, &$2, &$4); }
	| DEREF mem OPASSIGN src	{ asm_error(ctx, &@3, "memory is not changed in place: load it into a register, change that, store it back; or, for += |= &= ^= on u32/u64, write `lock` in front for an atomic update"); }
	| LOCK DEREF mem OPASSIGN REG	{ asm_ins_lock(ctx, &@$, $2, &$3, $4, $5); }
	| REG '=' ATOMICFN '(' PTRTYPE mem ',' REG ')'
					{ asm_ins_atomic_fn(ctx, &@$, $1, $3, $5, &$6, 0xff, $8); }
	| REG '=' ATOMICFN '(' PTRTYPE mem ')'
					{ asm_ins_atomic_fn(ctx, &@$, $1, $3, $5, &$6, 0xff, 0xff); }
	| REG '=' ATOMICFN '(' addr ',' REG ')'
					{ asm_ins_atomic_fn(ctx, &@$, $1, $3, -1, &$5, 0xff, $7); }
	| REG '=' ATOMICFN '(' addr ',' REG ',' REG ')'
					{ asm_ins_atomic_fn(ctx, &@$, $1, $3, -1, &$5, $7, $9); }
	| REG '=' ATOMICFN '(' PTRTYPE mem ',' REG ',' REG ')'
					{ asm_ins_atomic_fn(ctx, &@$, $1, $3, $5, &$6, $8, $10); }
	| STOREREL '(' PTRTYPE mem ',' REG ')'
					{ asm_ins_strel(ctx, &@$, $3, &$4, $6); }
	| IF REG CMP src GOTO target	{ if ($5) asm_error(ctx, &@5, "a conditional jump has a 16-bit offset; there is no conditional `gotol`");
					  asm_ins_jcc(ctx, &@$, $2, $3, &$4, &$6); }
	| IF REG '&' src GOTO target	{ if ($5) asm_error(ctx, &@5, "a conditional jump has a 16-bit offset; there is no conditional `gotol`");
					  asm_ins_jcc(ctx, &@$, $2, ctx->row_jset, &$4, &$6); }
	| GOTO target			{ asm_ins_goto(ctx, &@$, $1, &$2); }
	| MAYGOTO target		{ asm_ins_may_goto(ctx, &@$, &$2); }
	| CALL call_target		{ asm_ins_call(ctx, &@$, &$2); }
	| CALLX REG			{ asm_ins_callx(ctx, &@$, $2); }
	| EXIT				{ asm_ins_exit(ctx, &@$); }
	| REG '=' REG binop src		{ char d[8], o[8];
					  snprintf(d, sizeof(d), "%c%u", ($1 & ASM_W) ? 'w' : 'r', $1 & 0xf);
					  snprintf(o, sizeof(o), "%c%u", ($3 & ASM_W) ? 'w' : 'r', $3 & 0xf);
					  asm_error(ctx, &@$, "eBPF arithmetic has two operands: write `%s = %s` and then `%s %s= ...`",
						    d, o, d, $4); }
	;

binop:
	  '+' { $$ = "+"; } | '-' { $$ = "-"; } | '*' { $$ = "*"; } | '/' { $$ = "/"; } | '%' { $$ = "%"; }
	| '&' { $$ = "&"; } | '|' { $$ = "|"; } | '^' { $$ = "^"; } | SHL { $$ = "<<"; } | SHR { $$ = ">>"; }
	;

src:
	  REG		{ $$ = reg_operand($1, &@1); }
	| expr		{ $$ = val_operand($1, &@1); }
	;

mem:
	  '(' addr ')'	{ $$ = $2; }
	;

addr:
	  REG		{ $$ = make_mem(ctx, $1, &@1, asm_val_num(0, &@1)); }
	| REG '+' expr	{ $$ = make_mem(ctx, $1, &@1, $3); }
	| REG '-' expr	{ $$ = make_mem(ctx, $1, &@1, asm_val_unary(ctx, 'u', $3, &@3)); }
	;

target:
	  IDENT		{ $$ = (struct asm_target){ .sym = $1, .loc = @1 }; }
	| LOCALREF	{ $$ = (struct asm_target){ .sym = asm_numref(ctx, (uint64_t)$1 / 2, $1 & 1, &@1), .loc = @1 }; }
	| NUM		{ $$ = num_target($1, &@1); }
	| '+' NUM	{ $$ = num_target($2, &@$); }
	| '-' NUM	{ $$ = num_target(-$2, &@$); }
	| PC '+' NUM	{ $$ = num_target($3, &@$); }
	| PC '-' NUM	{ $$ = num_target(-$3, &@$); }
	;

call_target:
	  IDENT		{ $$ = (struct asm_target){ .sym = $1, .loc = @1 }; }
	| LOCALREF	{ $$ = (struct asm_target){ .sym = asm_numref(ctx, (uint64_t)$1 / 2, $1 & 1, &@1), .loc = @1 }; }
	| NUM		{ $$ = num_target($1, &@1); $$.is_num = true; }
	| PC '+' NUM	{ $$ = num_target($3, &@$); }
	| PC '-' NUM	{ $$ = num_target(-$3, &@$); }
	;

expr:
	  NUM			{ $$ = asm_val_num($1, &@1); }
	| IDENT			{ $$ = asm_val_sym(ctx, $1, &@1); }
	| SIZEOF '(' IDENT ')'	{ $$ = asm_val_sizeof(ctx, $3, &@$); }
	| '(' expr ')'		{ $$ = $2; $$.loc = @$; }
	| '-' expr %prec UNARY	{ $$ = asm_val_unary(ctx, 'u', $2, &@$); }
	| '+' expr %prec UNARY	{ $$ = $2; $$.loc = @$; }
	| '~' expr %prec UNARY	{ $$ = asm_val_unary(ctx, '~', $2, &@$); }
	| expr '+' expr		{ $$ = asm_val_binary(ctx, '+', $1, $3, &@$); }
	| expr '-' expr		{ $$ = asm_val_binary(ctx, '-', $1, $3, &@$); }
	| expr '*' expr		{ $$ = asm_val_binary(ctx, '*', $1, $3, &@$); }
	| expr '/' expr		{ $$ = asm_val_binary(ctx, '/', $1, $3, &@$); }
	| expr '%' expr		{ $$ = asm_val_binary(ctx, '%', $1, $3, &@$); }
	| expr SHL expr		{ $$ = asm_val_binary(ctx, '<', $1, $3, &@$); }
	| expr SHR expr		{ $$ = asm_val_binary(ctx, '>', $1, $3, &@$); }
	| expr '&' expr		{ $$ = asm_val_binary(ctx, '&', $1, $3, &@$); }
	| expr '|' expr		{ $$ = asm_val_binary(ctx, '|', $1, $3, &@$); }
	| expr '^' expr		{ $$ = asm_val_binary(ctx, '^', $1, $3, &@$); }
	;

args:
	  arg			{ $$ = $1; }
	| args ',' arg		{ struct asm_arg *a = $1; while (a->next) a = a->next; a->next = $3; $$ = $1; }
	;

arg:
	  expr			{ $$ = new_arg(ctx, ARG_EXPR, &@$); $$->val = $1; $$->has_val = true; }
	| STRING		{ $$ = new_arg(ctx, ARG_STRING, &@$); $$->str = $1.s; $$->str_len = $1.len; }
	| SECNAME		{ $$ = new_arg(ctx, ARG_STRING, &@$); $$->str = $1.s; $$->str_len = $1.len; }
	| RAWARGS		{ $$ = new_arg(ctx, ARG_STRING, &@$); $$->str = $1.s; $$->str_len = $1.len; }
	| '@' IDENT		{ $$ = new_arg(ctx, ARG_AT, &@$); $$->name = $2->name; }
	| IDENT '=' expr	{ $$ = new_arg(ctx, ARG_KEYVAL, &@$); $$->name = $1->name; $$->val = $3; $$->has_val = true; }
	| IDENT '=' SIZE	{ $$ = new_arg(ctx, ARG_KEYVAL, &@$); $$->name = $1->name; $$->str = isa_rows[$3].text; }
	| IDENT '=' STRING	{ $$ = new_arg(ctx, ARG_KEYVAL, &@$); $$->name = $1->name; $$->str = $3.s; $$->str_len = $3.len; }
	| IDENT ':' SIZE	{ $$ = new_arg(ctx, ARG_TYPED, &@$); $$->name = $1->name; $$->str = isa_rows[$3].text; }
	| IDENT ':' SIZE '[' expr ']' { $$ = new_arg(ctx, ARG_TYPED, &@$); $$->name = $1->name; $$->str = isa_rows[$3].text; $$->val = $5; $$->has_val = true; }
	| IDENT ':' IDENT	{ $$ = new_arg(ctx, ARG_TYPED, &@$); $$->name = $1->name; $$->str = $3->name; }
	| IDENT ':' IDENT '[' expr ']' { $$ = new_arg(ctx, ARG_TYPED, &@$); $$->name = $1->name; $$->str = $3->name; $$->val = $5; $$->has_val = true; }
	| IDENT ':' NUM		{ $$ = new_arg(ctx, ARG_TYPED, &@$); $$->name = $1->name; $$->val = asm_val_num($3, &@3); $$->has_val = true; }
	;
%%

static void asm_yyerror(ASM_YYLTYPE *loc, void *scanner, struct asm_ctx *ctx, const char *msg)
{
	asm_error(ctx, loc, "%s", msg);
}

static struct asm_arg *new_arg(struct asm_ctx *ctx, int kind, const ASM_YYLTYPE *loc)
{
	struct asm_arg *a = asm_alloc(ctx, sizeof(*a));

	memset(a, 0, sizeof(*a));
	a->kind = (uint8_t)kind;
	a->loc = *loc;
	return a;
}

static struct asm_operand reg_operand(uint8_t reg, const ASM_YYLTYPE *loc)
{
	struct asm_operand o = {.is_reg = true, .reg = reg, .val = {.loc = *loc}};
	return o;
}

static struct asm_operand val_operand(struct asm_val v, const ASM_YYLTYPE *loc)
{
	struct asm_operand o = {.is_reg = false, .val = v};
	o.val.loc = *loc;
	return o;
}

static struct asm_target num_target(int64_t delta, const ASM_YYLTYPE *loc)
{
	struct asm_target t = {.sym = NULL, .delta = delta, .loc = *loc};
	return t;
}

static struct asm_mem make_mem(struct asm_ctx *ctx, uint8_t reg, const ASM_YYLTYPE *regloc, struct asm_val off)
{
	struct asm_mem m = {.reg = reg & 0x0f, .off = off};

	if (reg & ASM_W)
		asm_error(ctx, regloc, "an address is a 64-bit register: write r%u, not w%u", reg & 0x0f, reg & 0x0f);
	return m;
}
