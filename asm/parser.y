/* parser.y: the grammar of bpfas assembly. A handful of operand shapes; which opcode an
 * operator word means comes from the ISA table, and insn.c (gnu.c for GNU's mnemonics) checks and encodes. */
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
#include "ctx.h"
#include "stmt.h"
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
	struct asm_pval val;
	struct asm_psrc opnd;
	struct asm_pmem mem;
	struct asm_ptgt tgt;
	struct asm_arg *arg;
	struct isa_gnu_op gop;
}

%code {
#include "diag.h"
#include "expr.h"
#include "lexer.h"
static void asm_yyerror(ASM_YYLTYPE *loc, void *scanner, struct asm_ctx *ctx, const char *msg);
static struct asm_arg *new_arg(struct asm_ctx *ctx, int kind, const ASM_YYLTYPE *loc);
static struct asm_pmem make_mem(struct asm_ctx *ctx, uint8_t reg, const ASM_YYLTYPE *regloc,
				struct asm_pval off, const ASM_YYLTYPE *offloc);
static ASM_YYLTYPE span(const ASM_YYLTYPE *a, const ASM_YYLTYPE *b);
/* Parser values carry no location (bison keeps one per symbol); these add it back. */
#define V(pv, l) asm_val_at((pv), &(l))
#define OPND(ps, l) asm_operand_at((ps), &(l))
#define REGOP(r, l) asm_operand_at((struct asm_psrc){.is_reg = true, .reg = (r)}, &(l))
#define VALOP(v, l) asm_operand_at((struct asm_psrc){.is_reg = false, .val = (v)}, &(l))
#define MEM(pm, l) asm_mem_at((pm), &(l))
#define TGT(pt, l) asm_target_at((pt), &(l))
#define P(v) asm_pval_of(v)
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
%token ASCAST "addr_space_cast" MAYGOTO "may_goto" SKB "skb" SIZEOF "sizeof" LDPSEUDO "ld_pseudo" PC "pc"
%token <row> ENDOP "byte-swap operator" SIZE "width (u8, u16, u32, u64, s8, ...)"
%token <row> DEREF "*(uN *)" PTRTYPE "(uN *)" CAST "(sN)"
%token <mem> MEMREF "(rN + off)"
%token <row> ATOMICFN "atomic operation" STOREREL "store_release"
%token <row> OPASSIGN "compound assignment" CMP "comparison"
%token SHL "<<" SHR ">>"
%token <gop> GNUOP "mnemonic"
%token HERE "'.'"

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
/* One rule for a whole line, so that a line costs one reduction here, not three. */
input:
	  %empty
	| input EOL
	| input insn EOL
	| input DIRECTIVE EOL			{ asm_directive(ctx, &@2, $2, NULL); }
	| input DIRECTIVE args EOL		{ ASM_YYLTYPE l = span(&@2, &@3); asm_directive(ctx, &l, $2, $3); }
	| input labels EOL
	| input labels insn EOL
	| input labels DIRECTIVE EOL		{ asm_directive(ctx, &@3, $3, NULL); }
	| input labels DIRECTIVE args EOL	{ ASM_YYLTYPE l = span(&@3, &@4); asm_directive(ctx, &l, $3, $4); }
	| input error EOL			{ yyerrok; }
	;

labels:
	  label
	| labels label
	;

label:
	  IDENT ':'		{ asm_label(ctx, $1, &@1); }
	| NUM ':'		{ asm_numlabel(ctx, (uint64_t)$1, &@1); }
	;

insn:
	  REG '=' REG			{ struct asm_operand s = REGOP($3, @3); asm_ins_alu(ctx, &@$, ctx->row_mov, $1, &s); }
	| REG '=' expr			{ struct asm_operand s = VALOP($3, @3); asm_ins_alu(ctx, &@$, ctx->row_mov, $1, &s); }
	| REG OPASSIGN REG		{ struct asm_operand s = REGOP($3, @3); asm_ins_alu(ctx, &@$, $2, $1, &s); }
	| REG OPASSIGN expr		{ struct asm_operand s = VALOP($3, @3); asm_ins_alu(ctx, &@$, $2, $1, &s); }
	| REG '=' '-' REG		{ asm_ins_neg(ctx, &@$, $1, $4); }
	| REG '=' CAST REG		{ asm_ins_movsx(ctx, &@$, $1, $3, $4); }
	| REG '=' ENDOP REG		{ asm_ins_end(ctx, &@$, $1, $3, $4); }
	| REG '=' ASCAST '(' REG ',' expr ',' expr ')'
					{ struct asm_val d = V($7, @7), s = V($9, @9); asm_ins_addr_space_cast(ctx, &@$, $1, $5, &d, &s); }
	| REG '=' ASCAST '(' REG ',' expr ')'
					{ asm_error(ctx, &@$, "addr_space_cast takes the register and two address spaces, the new one first: "
						    "rD = addr_space_cast(rS, DST_AS, SRC_AS), as cast_kern does: r1 = addr_space_cast(r1, 0, 1)"); }
	| REG '=' expr LL		{ struct asm_val v = V($3, @3); asm_ins_lddw(ctx, &@$, $1, &v); }
	| LDPSEUDO REG ',' expr ',' expr { struct asm_val a = V($4, @4), b = V($6, @6); asm_ins_ldpseudo(ctx, &@$, $2, &a, &b); }
	| REG '=' DEREF mem		{ struct asm_mem m = MEM($4, @4); asm_ins_load(ctx, &@$, $1, $3, &m); }
	| REG '=' DEREF SKB '[' expr ']'
					{ struct asm_val v = V($6, @6); asm_ins_ldpkt(ctx, &@$, $1, $3, -1, &v); }
	| REG '=' DEREF SKB '[' REG ']'
					{ struct asm_val z = asm_val_num(0, &@6);
					  asm_ins_ldpkt(ctx, &@$, $1, $3, $6, &z); }
	| REG '=' DEREF SKB '[' REG '+' expr ']'
					{ struct asm_val v = V($8, @8); asm_ins_ldpkt(ctx, &@$, $1, $3, $6, &v); }
	| DEREF mem '=' REG		{ struct asm_mem m = MEM($2, @2); struct asm_operand s = REGOP($4, @4);
					  asm_ins_store(ctx, &@$, $1, &m, &s); }
	| DEREF mem '=' expr		{ struct asm_mem m = MEM($2, @2); struct asm_operand s = VALOP($4, @4);
					  asm_ins_store(ctx, &@$, $1, &m, &s); }
	| DEREF mem OPASSIGN src	{ asm_error(ctx, &@3, "memory is not changed in place: load it into a register, change that, store it back; or, for += |= &= ^= on u32/u64, write `lock` in front for an atomic update"); }
	| LOCK DEREF mem OPASSIGN REG	{ struct asm_mem m = MEM($3, @3); asm_ins_lock(ctx, &@$, $2, &m, $4, $5); }
	| REG '=' ATOMICFN '(' PTRTYPE mem ',' REG ')'
					{ struct asm_mem m = MEM($6, @6); asm_ins_atomic_fn(ctx, &@$, $1, $3, $5, &m, 0xff, $8); }
	| REG '=' ATOMICFN '(' PTRTYPE mem ')'
					{ struct asm_mem m = MEM($6, @6); asm_ins_atomic_fn(ctx, &@$, $1, $3, $5, &m, 0xff, 0xff); }
	| REG '=' ATOMICFN '(' addr ',' REG ')'
					{ struct asm_mem m = MEM($5, @5); asm_ins_atomic_fn(ctx, &@$, $1, $3, -1, &m, 0xff, $7); }
	| REG '=' ATOMICFN '(' addr ',' REG ',' REG ')'
					{ struct asm_mem m = MEM($5, @5); asm_ins_atomic_fn(ctx, &@$, $1, $3, -1, &m, $7, $9); }
	| REG '=' ATOMICFN '(' PTRTYPE mem ',' REG ',' REG ')'
					{ struct asm_mem m = MEM($6, @6); asm_ins_atomic_fn(ctx, &@$, $1, $3, $5, &m, $8, $10); }
	| STOREREL '(' PTRTYPE mem ',' REG ')'
					{ struct asm_mem m = MEM($4, @4); asm_ins_strel(ctx, &@$, $3, &m, $6); }
	| IF REG CMP REG GOTO target	{ struct asm_operand s = REGOP($4, @4); struct asm_target t = TGT($6, @6);
					  if ($5) asm_error(ctx, &@5, "a conditional jump has a 16-bit offset; there is no conditional `gotol`");
					  asm_ins_jcc(ctx, &@$, $2, $3, &s, &t); }
	| IF REG CMP expr GOTO target	{ struct asm_operand s = VALOP($4, @4); struct asm_target t = TGT($6, @6);
					  if ($5) asm_error(ctx, &@5, "a conditional jump has a 16-bit offset; there is no conditional `gotol`");
					  asm_ins_jcc(ctx, &@$, $2, $3, &s, &t); }
	| IF REG '&' src GOTO target	{ struct asm_operand s = OPND($4, @4); struct asm_target t = TGT($6, @6);
					  if ($5) asm_error(ctx, &@5, "a conditional jump has a 16-bit offset; there is no conditional `gotol`");
					  asm_ins_jcc(ctx, &@$, $2, ctx->row_jset, &s, &t); }
	| GOTO target			{ struct asm_target t = TGT($2, @2); asm_ins_goto(ctx, &@$, $1, &t); }
	| MAYGOTO target		{ struct asm_target t = TGT($2, @2); asm_ins_may_goto(ctx, &@$, &t); }
	| CALL call_target		{ struct asm_target t = TGT($2, @2); asm_ins_call(ctx, &@$, &t); }
	| CALLX REG			{ asm_ins_callx(ctx, &@$, $2); }
	| CALL REG			{ asm_ins_callx(ctx, &@$, $2); /* GNU's `call %r2` */ }
	| GNUOP				{ asm_ins_gnu(ctx, &@$, &$1, &@1); }
	| GNUOP gops			{ asm_ins_gnu(ctx, &@$, &$1, &@1); }
	| EXIT				{ asm_ins_exit(ctx, &@$); }
	| REG '=' REG binop src		{ char d[8], o[8];
					  snprintf(d, sizeof(d), "%c%u", ($1 & ASM_W) ? 'w' : 'r', $1 & 0xf);
					  snprintf(o, sizeof(o), "%c%u", ($3 & ASM_W) ? 'w' : 'r', $3 & 0xf);
					  asm_error(ctx, &@$, "eBPF arithmetic has two operands: write `%s = %s` and then `%s %s= ...`",
						    d, o, d, $4); }
	;

/* GNU's operands, kept in the context in order (the mnemonic decides what they mean) */
gops:
	  gop
	| gops ',' gop
	;

gop:
	  REG			{ struct asm_val v = asm_val_num(0, &@1); asm_gnu_operand(ctx, GOP_REG, $1, &v, 0, NULL); }
	| expr			{ struct asm_val v = V($1, @1); asm_gnu_operand(ctx, GOP_VAL, 0, &v, 0, $1.lone); }
	| '[' REG ']'		{ struct asm_val v = asm_val_num(0, &@2); asm_gnu_operand(ctx, GOP_MEM, $2, &v, 0, NULL); }
	| '[' REG '+' expr ']'	{ struct asm_val v = V($4, @4); asm_gnu_operand(ctx, GOP_MEM, $2, &v, 0, NULL); }
	| '[' REG '-' expr ']'	{ struct asm_val v = asm_val_unary(ctx, 'u', V($4, @4), &@4); asm_gnu_operand(ctx, GOP_MEM, $2, &v, 0, NULL); }
	| LOCALREF		{ struct asm_val v = asm_val_num(0, &@1); asm_gnu_operand(ctx, GOP_LOCAL, 0, &v, $1, NULL); }
	| EXIT			{ struct asm_val v = asm_val_num(0, &@1); asm_gnu_operand(ctx, GOP_EXIT, 0, &v, 0, NULL); }
	;

binop:
	  '+' { $$ = "+"; } | '-' { $$ = "-"; } | '*' { $$ = "*"; } | '/' { $$ = "/"; } | '%' { $$ = "%"; }
	| '&' { $$ = "&"; } | '|' { $$ = "|"; } | '^' { $$ = "^"; } | SHL { $$ = "<<"; } | SHR { $$ = ">>"; }
	;

src:
	  REG		{ $$ = (struct asm_psrc){ .is_reg = true, .reg = $1 }; }
	| expr		{ $$ = (struct asm_psrc){ .is_reg = false, .val = $1 }; }
	;

mem:
	  MEMREF	{ $$ = $1; }
	| '(' addr ')'	{ $$ = $2; }
	;

addr:
	  REG		{ $$ = make_mem(ctx, $1, &@1, (struct asm_pval){NULL, 0, NULL}, &@1); }
	| REG '+' expr	{ $$ = make_mem(ctx, $1, &@1, $3, &@3); }
	| REG '-' expr	{ $$ = make_mem(ctx, $1, &@1, P(asm_val_unary(ctx, 'u', V($3, @3), &@3)), &@3); }
	;

target:
	  IDENT		{ $$ = (struct asm_ptgt){ .sym = $1 }; }
	| LOCALREF	{ $$ = (struct asm_ptgt){ .sym = asm_numref(ctx, (uint64_t)$1 / 2, $1 & 1, &@1) }; if (!$$.sym) YYABORT; }
	| NUM		{ $$ = (struct asm_ptgt){ .delta = $1 }; }
	| '+' NUM	{ $$ = (struct asm_ptgt){ .delta = $2 }; }
	| '-' NUM	{ $$ = (struct asm_ptgt){ .delta = -$2 }; }
	| PC '+' NUM	{ $$ = (struct asm_ptgt){ .delta = $3 }; }
	| PC '-' NUM	{ $$ = (struct asm_ptgt){ .delta = -$3 }; }
	;

call_target:
	  IDENT		{ $$ = (struct asm_ptgt){ .sym = $1 }; }
	| LOCALREF	{ $$ = (struct asm_ptgt){ .sym = asm_numref(ctx, (uint64_t)$1 / 2, $1 & 1, &@1) }; if (!$$.sym) YYABORT; }
	| NUM		{ $$ = (struct asm_ptgt){ .delta = $1, .is_num = true }; }
	| PC '+' NUM	{ $$ = (struct asm_ptgt){ .delta = $3 }; }
	| PC '-' NUM	{ $$ = (struct asm_ptgt){ .delta = -$3 }; }
	;

expr:
	  NUM			{ $$ = (struct asm_pval){NULL, $1, NULL}; }
	| IDENT			{ $$ = P(asm_val_sym(ctx, $1, &@1)); $$.lone = $1; }
	| SIZEOF '(' IDENT ')'	{ $$ = P(asm_val_sizeof(ctx, $3, &@$)); }
	| HERE			{ struct asm_sym *h = asm_here(ctx, &@1); if (!h) YYABORT; /* out of memory */
				  $$ = P(asm_val_sym(ctx, h, &@1)); }
	| '(' expr ')'		{ $$ = $2; $$.lone = NULL; }
	| '-' expr %prec UNARY	{ $$ = P(asm_val_unary(ctx, 'u', V($2, @2), &@$)); }
	| '+' expr %prec UNARY	{ $$ = $2; $$.lone = NULL; }
	| '~' expr %prec UNARY	{ $$ = P(asm_val_unary(ctx, '~', V($2, @2), &@$)); }
	| expr '+' expr		{ $$ = P(asm_val_binary(ctx, '+', V($1, @1), V($3, @3), &@$)); }
	| expr '-' expr		{ $$ = P(asm_val_binary(ctx, '-', V($1, @1), V($3, @3), &@$)); }
	| expr '*' expr		{ $$ = P(asm_val_binary(ctx, '*', V($1, @1), V($3, @3), &@$)); }
	| expr '/' expr		{ $$ = P(asm_val_binary(ctx, '/', V($1, @1), V($3, @3), &@$)); }
	| expr '%' expr		{ $$ = P(asm_val_binary(ctx, '%', V($1, @1), V($3, @3), &@$)); }
	| expr SHL expr		{ $$ = P(asm_val_binary(ctx, '<', V($1, @1), V($3, @3), &@$)); }
	| expr SHR expr		{ $$ = P(asm_val_binary(ctx, '>', V($1, @1), V($3, @3), &@$)); }
	| expr '&' expr		{ $$ = P(asm_val_binary(ctx, '&', V($1, @1), V($3, @3), &@$)); }
	| expr '|' expr		{ $$ = P(asm_val_binary(ctx, '|', V($1, @1), V($3, @3), &@$)); }
	| expr '^' expr		{ $$ = P(asm_val_binary(ctx, '^', V($1, @1), V($3, @3), &@$)); }
	;

args:
	  arg			{ $$ = $1; }
	| args ',' arg		{ struct asm_arg *a = $1; while (a->next) a = a->next; a->next = $3; $$ = $1; }
	;

arg:
	  expr			{ if (!($$ = new_arg(ctx, ARG_EXPR, &@$))) YYABORT; /* out of memory */ $$->val = V($1, @1); $$->has_val = true; $$->lone = $1.lone; }
	| STRING		{ if (!($$ = new_arg(ctx, ARG_STRING, &@$))) YYABORT; /* out of memory */ $$->str = $1.s; $$->str_len = $1.len; }
	| SECNAME		{ if (!($$ = new_arg(ctx, ARG_STRING, &@$))) YYABORT; /* out of memory */ $$->str = $1.s; $$->str_len = $1.len; }
	| RAWARGS		{ if (!($$ = new_arg(ctx, ARG_STRING, &@$))) YYABORT; /* out of memory */ $$->str = $1.s; $$->str_len = $1.len; }
	| '@' IDENT		{ if (!($$ = new_arg(ctx, ARG_AT, &@$))) YYABORT; /* out of memory */ $$->name = $2->name; }
	| IDENT '=' expr	{ if (!($$ = new_arg(ctx, ARG_KEYVAL, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->val = V($3, @3); $$->has_val = true; }
	| IDENT '=' SIZE	{ if (!($$ = new_arg(ctx, ARG_KEYVAL, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->str = isa_rows[$3].text; }
	| IDENT '=' STRING	{ if (!($$ = new_arg(ctx, ARG_KEYVAL, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->str = $3.s; $$->str_len = $3.len; }
	| IDENT ':' SIZE	{ if (!($$ = new_arg(ctx, ARG_TYPED, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->str = isa_rows[$3].text; }
	| IDENT ':' SIZE '[' expr ']' { if (!($$ = new_arg(ctx, ARG_TYPED, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->str = isa_rows[$3].text; $$->val = V($5, @5); $$->has_val = true; }
	| IDENT ':' IDENT	{ if (!($$ = new_arg(ctx, ARG_TYPED, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->str = $3->name; }
	| IDENT ':' IDENT '[' expr ']' { if (!($$ = new_arg(ctx, ARG_TYPED, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->str = $3->name; $$->val = V($5, @5); $$->has_val = true; }
	| IDENT ':' NUM		{ if (!($$ = new_arg(ctx, ARG_TYPED, &@$))) YYABORT; /* out of memory */ $$->name = $1->name; $$->val = asm_val_num($3, &@3); $$->has_val = true; }
	;
%%

static void asm_yyerror(ASM_YYLTYPE *loc, void *scanner, struct asm_ctx *ctx, const char *msg)
{
	(void)scanner;
	if (loc->file == ctx->quiet_file && loc->first_line == ctx->quiet_line)
		return; /* this line's mistake is already said, in better words */
	if (!strcmp(msg, "memory exhausted")) /* bison's stack, not the machine's memory */
		asm_error(ctx, loc, "this line nests too deeply for the parser (about %d levels of parentheses at most)",
			  YYMAXDEPTH);
	else
		asm_error(ctx, loc, "%s", msg);
}

static struct asm_arg *new_arg(struct asm_ctx *ctx, int kind, const ASM_YYLTYPE *loc)
{
	struct asm_arg *a = asm_alloc(ctx, sizeof(*a));

	if (!a)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->kind = (uint8_t)kind;
	a->loc = *loc;
	return a;
}

static ASM_YYLTYPE span(const ASM_YYLTYPE *a, const ASM_YYLTYPE *b)
{
	ASM_YYLTYPE l = *a;

	l.last_line = b->last_line;
	l.last_column = b->last_column;
	return l;
}

static struct asm_pmem make_mem(struct asm_ctx *ctx, uint8_t reg, const ASM_YYLTYPE *regloc,
				struct asm_pval off, const ASM_YYLTYPE *offloc)
{
	struct asm_pmem m = {.reg = reg & 0x0f, .off = off, .off_first = offloc->first_column,
			     .off_last = offloc->last_column};

	if (reg & ASM_W)
		asm_error(ctx, regloc, "an address is a 64-bit register: write r%u, not w%u", reg & 0x0f, reg & 0x0f);
	return m;
}
