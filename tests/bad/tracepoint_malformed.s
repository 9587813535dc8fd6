.tracepoint cpu_frequency
