# calls.s: a BPF-to-BPF call into .text, and a bpf_trace_printk format string in .rodata.
#
#   bpfas programs/calls.s -o calls.bo
#   sudo bpfload calls.bo --attach lo --trace     # prints "packet of N bytes" per packet
#
# A function in .text is a subprogram: the loader appends it to every program that calls
# it and fixes the call's offset. Arguments travel in r1..r5 and the result in r0, as for
# helpers; r6..r9 survive the call.

	.license "GPL"
	.map seen, array, key=u32, value=u64, entries=1   # how many packets were printed

	.section .rodata
fmt:	.asciz "packet of %u bytes\n"           # the kernel reads it from a frozen map
.Lfmt_end:

	.text
# u64 log_len(u32 len): print len, return len * 2
log_len:
	r6 = r1
	r3 = r1                                 # printk's first argument after fmt, size
	r1 = fmt ll                             # the address of the string in .rodata
	r2 = .Lfmt_end - fmt                    # its size, counted by the assembler
	call bpf_trace_printk
	r0 = r6
	r0 <<= 1
	exit

	.section socket
print_lengths:
	r1 = *(u32 *)(r1 + __sk_buff.len)
	call log_len                            # a BPF-to-BPF call, relocated into .text
	*(u32 *)(r10 - 4) = 0
	r1 = seen ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
out:
	r0 = 0
	exit
