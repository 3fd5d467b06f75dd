// Misuse: pops a page nobody pushed.
void kernel_main() { cb_pop_front(0, 1); }
