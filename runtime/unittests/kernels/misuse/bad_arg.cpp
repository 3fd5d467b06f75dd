// Misuse: reads runtime argument 5 when one was set.
void kernel_main() { (void)get_arg_val<uint32_t>(5); }
