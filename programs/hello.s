# hello.s: says hello through bpf_trace_printk whenever a process calls execve, with its
# format string in .rodata.
#
#   bpfas programs/hello.s -o hello.bo
#   sudo bpfload hello.bo --trace                # then run any command elsewhere

	.license "GPL"

	.section .rodata
fmt:	.asciz "hello: %s (pid %d) calls execve\n"
.Lfmt_end:

	.tracepoint syscalls/sys_enter_execve
hello:
	r1 = r10
	r1 += -16
	r2 = 16
	call bpf_get_current_comm               # the command name, into 16 bytes of stack
	call bpf_get_current_pid_tgid           # r0 = tgid << 32 | thread id
	r4 = r0
	r4 >>= 32                               # the process id, as ps shows it
	r1 = fmt ll
	r2 = .Lfmt_end - fmt
	r3 = r10
	r3 += -16                               # %s: the name on the stack
	call bpf_trace_printk
	r0 = 0
	exit
