// Misuse: pops two pages after waiting for one (both are there).
void kernel_main() {
  cb_reserve_back(0, 2);
  cb_push_back(0, 2);
  cb_wait_front(0, 1);
  cb_pop_front(0, 2);
}
