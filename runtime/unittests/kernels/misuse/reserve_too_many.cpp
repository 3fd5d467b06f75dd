// Misuse: reserves more pages than CB 0 holds.
void kernel_main() { cb_reserve_back(0, 3); }
