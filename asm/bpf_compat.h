/* bpf_compat.h: the system's linux/bpf.h, plus the few newer ISA constants it may lack. */
#ifndef BPFAS_BPF_COMPAT_H
#define BPFAS_BPF_COMPAT_H
#include <linux/bpf.h>

#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80          /* sign-extending load (v4) */
#endif
#ifndef BPF_JCOND
#define BPF_JCOND 0xe0          /* may_goto (v4) */
#endif
#ifndef BPF_LOAD_ACQ
#define BPF_LOAD_ACQ 0x100      /* atomic load-acquire (kernel 6.15) */
#endif
#ifndef BPF_STORE_REL
#define BPF_STORE_REL 0x110     /* atomic store-release (kernel 6.15) */
#endif
/* off of `rD = addr_space_cast(rS, dst_as, src_as)`, a 64-bit register move with
 * imm = dst_as << 16 | src_as (arena pointers, kernel 6.9); an enum in newer headers. */
#define BO_ADDR_SPACE_CAST 1
/* netfilter programs (kernel 6.4), an enum value newer than Debian 12's headers */
#define BO_PROG_TYPE_NETFILTER 32
#define BO_NETFILTER 45 /* its attach type */
/* attach types newer than Debian 12's headers (uapi enum bpf_attach_type, in order after
 * BPF_LSM_CGROUP = 43) */
#define BO_STRUCT_OPS 44
#define BO_TCX_INGRESS 46
#define BO_TCX_EGRESS 47
#define BO_TRACE_UPROBE_MULTI 48
#define BO_CGROUP_UNIX_CONNECT 49
#define BO_CGROUP_UNIX_SENDMSG 50
#define BO_CGROUP_UNIX_RECVMSG 51
#define BO_CGROUP_UNIX_GETPEERNAME 52
#define BO_CGROUP_UNIX_GETSOCKNAME 53
#define BO_NETKIT_PRIMARY 54
#define BO_NETKIT_PEER 55
#define BO_TRACE_KPROBE_SESSION 56
#ifndef BPF_F_LINK
#define BPF_F_LINK (1U << 13) /* a struct_ops map registered through a link (kernel 6.4) */
#endif
#ifndef BPF_PSEUDO_KFUNC_CALL
#define BPF_PSEUDO_KFUNC_CALL 2
#endif

/* LLVM's BPF relocation numbers (llvm/BinaryFormat/ELFRelocs/BPF.def). */
#define BO_R_BPF_NONE 0
#define BO_R_BPF_64_64 1
#define BO_R_BPF_64_ABS64 2
#define BO_R_BPF_64_ABS32 3
#define BO_R_BPF_64_NODYLD32 4
#define BO_R_BPF_64_32 10

#endif
