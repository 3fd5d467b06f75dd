// Misuse: pushes two pages after reserving one.
void kernel_main() {
  cb_reserve_back(0, 1);
  cb_push_back(0, 2);
}
