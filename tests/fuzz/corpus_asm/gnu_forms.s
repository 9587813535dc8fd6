	.syntax gnu

	.section .text,"ax",@progbits
	.p2align 3
	mov %r1, 2
	add %r1, 2
	sub %r1, 2
	mul %r1, 2
	div %r1, 2
	or %r1, 2
	and %r1, 2
	lsh %r1, 2
	rsh %r1, 2
	mod %r1, 2
	xor %r1, 2
	arsh %r1, 2
	neg %r1
	mov %r1, %r2
	add %r1, %r2
	sub %r1, %r2
	mul %r1, %r2
	div %r1, %r2
	or %r1, %r2
	and %r1, %r2
	lsh %r1, %r2
	rsh %r1, %r2
	mod %r1, %r2
	xor %r1, %r2
	arsh %r1, %r2
	mov %r9, -1
	mov %r0, 0x7fffffff
	mov %r3, %r10
	mov32 %r1, 2
	add32 %r1, 2
	sub32 %r1, 2
	mul32 %r1, 2
	div32 %r1, 2
	or32 %r1, 2
	and32 %r1, 2
	lsh32 %r1, 2
	rsh32 %r1, 2
	mod32 %r1, 2
	xor32 %r1, 2
	arsh32 %r1, 2
	neg32 %r1
	mov32 %r1, %r2
	add32 %r1, %r2
	sub32 %r1, %r2
	mul32 %r1, %r2
	div32 %r1, %r2
	or32 %r1, %r2
	and32 %r1, %r2
	lsh32 %r1, %r2
	rsh32 %r1, %r2
	mod32 %r1, %r2
	xor32 %r1, %r2
	arsh32 %r1, %r2
	mov32 %r0, -1
	sdiv %r1, 3
	smod %r1, 3
	sdiv %r1, %r2
	smod %r1, %r2
	sdiv32 %r1, 3
	smod32 %r1, %r2
	movs %r1, %r2, 8
	movs %r1, %r2, 16
	movs %r1, %r2, 32
	movs32 %r1, %r2, 8
	movs32 %r1, %r2, 16
	r1 = addr_space_cast(r2, 0, 1)
	r3 = addr_space_cast(r4, 1, 0)
	endle %r1, 16
	endle %r1, 32
	endle %r1, 64
	endbe %r1, 16
	endbe %r1, 32
	endbe %r1, 64
	bswap %r1, 16
	bswap %r1, 32
	bswap %r1, 64
	lddw %r1, 0x123456789abcdef0
	lddw %r2, -1
	ld_pseudo r1, 2, 3
	ldxb %r0, [%r1+3]
	ldxh %r0, [%r1+3]
	ldxw %r0, [%r1+3]
	ldxdw %r0, [%r1+3]
	ldxdw %r0, [%r10-8]
	ldxw %r0, [%r1+0]
	ldxsb %r0, [%r1+3]
	ldxsh %r0, [%r1+3]
	ldxsw %r0, [%r1+3]
	stxb [%r1+3], %r2
	stxh [%r1+3], %r2
	stxw [%r1+3], %r2
	stxdw [%r1+3], %r2
	stxw [%r10-4], %r2
	stb [%r1+3], 7
	sth [%r1+3], 7
	stw [%r1+3], 7
	stdw [%r10-8], -7
	ldabsb 23
	ldabsh 12
	ldabsw 26
	ldindb %r1, 0
	ldindh %r1, 0
	ldindw %r1, 4
	aadd [%r1+8], %r2
	aor [%r1+8], %r2
	aand [%r1+8], %r2
	axor [%r1+8], %r2
	aadd32 [%r1+8], %r2
	aor32 [%r1+8], %r2
	aand32 [%r1+8], %r2
	axor32 [%r1+8], %r2
	afadd [%r1+8], %r2
	afor [%r1+8], %r2
	afand [%r1+8], %r2
	afxor [%r1+8], %r2
	afadd32 [%r1+8], %r2
	afor32 [%r1+8], %r2
	afand32 [%r1+8], %r2
	afxor32 [%r1+8], %r2
	axchg [%r1+8], %r2
	axchg32 [%r1+8], %r2
	acmp [%r1+8], %r2
	acmp32 [%r1+8], %r2
	w0 = load_acquire((u8 *)(r1 + 8))
	w0 = load_acquire((u16 *)(r1 + 8))
	w0 = load_acquire((u32 *)(r1 + 8))
	r0 = load_acquire((u64 *)(r1 + 8))
	store_release((u8 *)(r1 + 8), w2)
	store_release((u16 *)(r1 + 8), w2)
	store_release((u32 *)(r1 + 8), w2)
	store_release((u64 *)(r1 + 8), r2)
	ja .L2_138
.L2_135:
	ja .L2_135
	jeq %r1, 5, .L2_140
	jgt %r1, 5, .L2_141
.L2_138:
	jge %r1, 5, .L2_142
	jset %r1, 5, .L2_143
.L2_140:
	jne %r1, 5, .L2_144
.L2_141:
	jsgt %r1, 5, .L2_145
.L2_142:
	jsge %r1, 5, .L2_146
.L2_143:
	jlt %r1, 5, .L2_147
.L2_144:
	jle %r1, 5, .L2_148
.L2_145:
	jslt %r1, 5, .L2_149
.L2_146:
	jsle %r1, 5, .L2_150
.L2_147:
	jeq %r1, %r2, .L2_151
.L2_148:
	jgt %r1, %r2, .L2_152
.L2_149:
	jge %r1, %r2, .L2_153
.L2_150:
	jset %r1, %r2, .L2_154
.L2_151:
	jne %r1, %r2, .L2_155
.L2_152:
	jsgt %r1, %r2, .L2_156
.L2_153:
	jsge %r1, %r2, .L2_157
.L2_154:
	jlt %r1, %r2, .L2_158
.L2_155:
	jle %r1, %r2, .L2_159
.L2_156:
	jslt %r1, %r2, .L2_160
.L2_157:
	jsle %r1, %r2, .L2_161
.L2_158:
	jeq32 %r1, 5, .L2_162
.L2_159:
	jgt32 %r1, 5, .L2_163
.L2_160:
	jge32 %r1, 5, .L2_164
.L2_161:
	jset32 %r1, 5, .L2_165
.L2_162:
	jne32 %r1, 5, .L2_166
.L2_163:
	jsgt32 %r1, 5, .L2_167
.L2_164:
	jsge32 %r1, 5, .L2_168
.L2_165:
	jlt32 %r1, 5, .L2_169
.L2_166:
	jle32 %r1, 5, .L2_170
.L2_167:
	jslt32 %r1, 5, .L2_171
.L2_168:
	jsle32 %r1, 5, .L2_172
.L2_169:
	jeq32 %r1, %r2, .L2_173
.L2_170:
	jsle32 %r1, %r2, .L2_174
.L2_171:
	jal .L2_175
.L2_172:
	may_goto .L2_176
.L2_173:
	call 1
.L2_174:
	call 1
.L2_175:
	call 2
.L2_176:
	call 6
	call 5
	call .L2_181
	call %r3
	exit
.L2_181:
	mov %r1, %r6
	call 1
	jeq %r0, 0, .L2_186
	afadd [%r0+0], %r1
	axchg [%r0+0], %r1
.L2_186:
	acmp [%r1+0], %r2
	afadd32 [%r0+0], %r1
	aadd32 [%r0+0], %r1
	ldindb %r7, 0
	stxdw [%r10-8], %r1
	mov %r1, %r2
	jeq %r1, 1, .L2_193
.L2_193:
	mov %r1, 7
	mov %r1, 19
	mov %r1, -1
	mov %r1, 65
	mov %r1, 5
	mov %r1, 8
	ldxw %r0, [%r1+0]
	ldxw %r0, [%r1+16]
	ldxw %r0, [%r1+4]
	ldabsb 23
	jne %r1, 4, .L2_204
.L2_204:
	mov %r0, 2
	mov %r2, 17
	lock fetch add [%r10-8], %r1
	lock cmpxchg32 [%r1+0], %r2
	movsx832 %r1, %r2
	swap16 %r3
	be16 %r0
	ja32 exit
	call local f
f:	call %r2
	.align 3
	.word 1, 2
	.size f, .-f
	.syntax pseudoc
	r0 = 0
	exit
