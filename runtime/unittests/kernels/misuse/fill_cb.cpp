// Pushes one (garbage) page into CB 0.
void kernel_main() {
  cb_reserve_back(0, 1);
  cb_push_back(0, 1);
}
