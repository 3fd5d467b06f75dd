// Misuse: waits for a page of CB 16 that no kernel produces.
void kernel_main() { cb_wait_front(16, 1); }
