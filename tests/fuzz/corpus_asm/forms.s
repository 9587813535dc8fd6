r1 = 2                         
r1 += 2                        
r1 -= 2                        
r1 *= 2                        
r1 /= 2                        
r1 |= 2                        
r1 &= 2                        
r1 <<= 2                       
r1 >>= 2                       
r1 %= 2                        
r1 ^= 2                        
r1 s>>= 2                      
r1 = -r1                       
r1 = r2                        
r1 += r2                       
r1 -= r2                       
r1 *= r2                       
r1 /= r2                       
r1 |= r2                       
r1 &= r2                       
r1 <<= r2                      
r1 >>= r2                      
r1 %= r2                       
r1 ^= r2                       
r1 s>>= r2                     
r9 = -1                        
r0 = 0x7fffffff                
r3 = r10                       
w1 = 2                         
w1 += 2                        
w1 -= 2                        
w1 *= 2                        
w1 /= 2                        
w1 |= 2                        
w1 &= 2                        
w1 <<= 2                       
w1 >>= 2                       
w1 %= 2                        
w1 ^= 2                        
w1 s>>= 2                      
w1 = -w1                       
w1 = w2                        
w1 += w2                       
w1 -= w2                       
w1 *= w2                       
w1 /= w2                       
w1 |= w2                       
w1 &= w2                       
w1 <<= w2                      
w1 >>= w2                      
w1 %= w2                       
w1 ^= w2                       
w1 s>>= w2                     
w0 = 0xffffffff                
r1 s/= 3                       
r1 s%= 3                       
r1 s/= r2                      
r1 s%= r2                      
w1 s/= 3                       
w1 s%= w2                      
r1 = (s8)r2                    
r1 = (s16)r2                   
r1 = (s32)r2                   
w1 = (s8)w2                    
w1 = (s16)w2                   
r1 = le16 r1                   
r1 = le32 r1                   
r1 = le64 r1                   
r1 = be16 r1                   
r1 = be32 r1                   
r1 = be64 r1                   
r1 = bswap16 r1                
r1 = bswap32 r1                
r1 = bswap64 r1                
r1 = 0x123456789abcdef0 ll     
r2 = -1 ll                     
ld_pseudo r1, 2, 3             
r0 = *(u8 *)(r1 + 3)           
r0 = *(u16 *)(r1 + 3)          
r0 = *(u32 *)(r1 + 3)          
r0 = *(u64 *)(r1 + 3)          
r0 = *(u64 *)(r10 - 8)         
w0 = *(u32 *)(r1 + 0)          
r0 = *(s8 *)(r1 + 3)           
r0 = *(s16 *)(r1 + 3)          
r0 = *(s32 *)(r1 + 3)          
*(u8 *)(r1 + 3) = r2           
*(u16 *)(r1 + 3) = r2          
*(u32 *)(r1 + 3) = r2          
*(u64 *)(r1 + 3) = r2          
*(u32 *)(r10 - 4) = w2         
*(u8 *)(r1 + 3) = 7            
*(u16 *)(r1 + 3) = 7           
*(u32 *)(r1 + 3) = 7           
*(u64 *)(r10 - 8) = -7         
r0 = *(u8 *)skb[23]            
r0 = *(u16 *)skb[12]           
r0 = *(u32 *)skb[26]           
r0 = *(u8 *)skb[r1]            
r0 = *(u16 *)skb[r1]           
r0 = *(u32 *)skb[r1 + 4]       
lock *(u64 *)(r1 + 8) += r2    
lock *(u64 *)(r1 + 8) |= r2    
lock *(u64 *)(r1 + 8) &= r2    
lock *(u64 *)(r1 + 8) ^= r2    
lock *(u32 *)(r1 + 8) += w2    
lock *(u32 *)(r1 + 8) |= w2    
lock *(u32 *)(r1 + 8) &= w2    
lock *(u32 *)(r1 + 8) ^= w2    
r2 = atomic_fetch_add((u64 *)(r1 + 8), r2) 
r2 = atomic_fetch_or((u64 *)(r1 + 8), r2)  
r2 = atomic_fetch_and((u64 *)(r1 + 8), r2) 
r2 = atomic_fetch_xor((u64 *)(r1 + 8), r2) 
w2 = atomic_fetch_add((u32 *)(r1 + 8), w2) 
w2 = atomic_fetch_or((u32 *)(r1 + 8), w2)  
w2 = atomic_fetch_and((u32 *)(r1 + 8), w2) 
w2 = atomic_fetch_xor((u32 *)(r1 + 8), w2) 
r2 = xchg_64(r1 + 8, r2)       
w2 = xchg32_32(r1 + 8, w2)     
r0 = cmpxchg_64(r1 + 8, r0, r2) 
w0 = cmpxchg32_32(r1 + 8, w0, w2) 
w0 = load_acquire((u8 *)(r1 + 8))   
w0 = load_acquire((u16 *)(r1 + 8))  
w0 = load_acquire((u32 *)(r1 + 8))  
r0 = load_acquire((u64 *)(r1 + 8))  
store_release((u8 *)(r1 + 8), w2)   
store_release((u16 *)(r1 + 8), w2)  
store_release((u32 *)(r1 + 8), w2)  
store_release((u64 *)(r1 + 8), r2)  
goto +3                        
goto -1                        
if r1 == 5 goto +3             
if r1 > 5 goto +3              
if r1 >= 5 goto +3             
if r1 & 5 goto +3              
if r1 != 5 goto +3             
if r1 s> 5 goto +3             
if r1 s>= 5 goto +3            
if r1 < 5 goto +3              
if r1 <= 5 goto +3             
if r1 s< 5 goto +3             
if r1 s<= 5 goto +3            
if r1 == r2 goto +3            
if r1 > r2 goto +3             
if r1 >= r2 goto +3            
if r1 & r2 goto +3             
if r1 != r2 goto +3            
if r1 s> r2 goto +3            
if r1 s>= r2 goto +3           
if r1 < r2 goto +3             
if r1 <= r2 goto +3            
if r1 s< r2 goto +3            
if r1 s<= r2 goto +3           
if w1 == 5 goto +3             
if w1 > 5 goto +3              
if w1 >= 5 goto +3             
if w1 & 5 goto +3              
if w1 != 5 goto +3             
if w1 s> 5 goto +3             
if w1 s>= 5 goto +3            
if w1 < 5 goto +3              
if w1 <= 5 goto +3             
if w1 s< 5 goto +3             
if w1 s<= 5 goto +3            
if w1 == w2 goto +3            
if w1 s<= w2 goto +3           
gotol +3                       
may_goto +3                    
call 1                         
call bpf_map_lookup_elem       
call map_update_elem           
call bpf_trace_printk          
call bpf_ktime_get_ns          
call pc+2                      
callx r3                       
exit                           
12: (bf) r1 = r6               
9: (85) call bpf_map_lookup_elem#1
if r0 == 0x0 goto pc+2         
r1 = atomic64_fetch_add((u64 *)(r0 +0), r1) 
r1 = atomic64_xchg((u64 *)(r0 +0), r1)      
r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2) 
r1 = atomic_fetch_add((u32 *)(r0 +0), r1)   
lock *(u32 *)(r0 +0) += r1     
r0 = *(u8 *)skb[r7 + 0]        
*(u64 *)(r10 -8) = r1          
R1 = R2                        
IF R1 == 1 GOTO +0             
r1 = 1 + 2 * 3                 
r1 = (1 << 4) | 0x3            
r1 = ~0                        
r1 = 'A'                       
r1 = 0b101                     
r1 = 010                       
r0 = *(u32 *)(r1 + __sk_buff.len)      
r0 = *(u32 *)(r1 + __sk_buff.protocol) 
r0 = *(u32 *)(r1 + xdp_md.data_end)    
r0 = *(u8 *)skb[ETH_HLEN + iphdr.protocol] 
if r1 != PACKET_OUTGOING goto +0       
r0 = XDP_PASS                  
r2 = IPPROTO_UDP               
