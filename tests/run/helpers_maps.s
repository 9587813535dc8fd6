# helpers_maps.s: map flags and errors, as a program sees them; each return value kept in
# `out` (slot: what): 0 hash update BPF_NOEXIST of a new key (0), 1 the same again
# (-EEXIST), 2 BPF_EXIST of an absent key (-ENOENT), 3 BPF_EXIST of the present one (0),
# 4 delete of an absent key (-ENOENT), 5 delete of the present one (0), 6 array update
# BPF_NOEXIST (-EEXIST: every array entry exists), 7 array delete (-EINVAL), 8 an update
# with both BPF_NOEXIST and BPF_EXIST (-EINVAL), 9 array lookup past the end (NULL: 0 -> 1
# stored), 10 a full hash (2 entries) refusing a third key (-E2BIG). Compared between the
# kernel and the emulator by the tests.
	.license "GPL"
	.map h, hash, key=u32, value=u64, entries=2
	.map out, array, key=u32, value=u64, entries=16

	.section tc
helpers_maps:
	*(u32 *)(r10 - 4) = 7
	*(u64 *)(r10 - 16) = 70
	r1 = BPF_NOEXIST
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	r1 = 0
	r2 = r0
	call put
	r1 = BPF_NOEXIST
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	r1 = 1
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 8
	r1 = BPF_EXIST
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	r1 = 2
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 7
	r1 = BPF_EXIST
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	r1 = 3
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 9
	r1 = h ll
	r2 = r10
	r2 += -4
	call bpf_map_delete_elem
	r1 = 4
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 7
	r1 = h ll
	r2 = r10
	r2 += -4
	call bpf_map_delete_elem
	r1 = 5
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 3
	r1 = out ll
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
	r1 = 6
	r2 = r0
	call put
	r1 = out ll
	r2 = r10
	r2 += -4
	call bpf_map_delete_elem
	r1 = 7
	r2 = r0
	call put
	r1 = BPF_NOEXIST | BPF_EXIST
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	r1 = 8
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 16
	r1 = out ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	r2 = 1
	if r0 == 0 goto 1f
	r2 = 2
1:	r1 = 9
	call put
	# fill the hash with 1 and 2, then a third key
	*(u32 *)(r10 - 4) = 1
	r1 = BPF_ANY
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	*(u32 *)(r10 - 4) = 2
	r1 = BPF_ANY
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	*(u32 *)(r10 - 4) = 3
	r1 = BPF_ANY
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	call upd_h
	r1 = 10
	r2 = r0
	call put
	r0 = TC_ACT_OK
	exit

	.text
# bpf_map_update_elem(h, r2 key, r3 value, r1 flags): key and value on the caller's stack
upd_h:
	r4 = r1
	r1 = h ll
	call bpf_map_update_elem
	exit

	.include "put.inc"
