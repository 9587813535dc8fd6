ETH_HLEN:
exit
