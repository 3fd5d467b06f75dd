// Misuse: pushes two pages after reserving one while the other still holds a
// page nobody popped, so the push would overwrite it.
void kernel_main() {
  cb_reserve_back(0, 1);
  cb_push_back(0, 1);
  cb_reserve_back(0, 1);
  cb_push_back(0, 2);
}
