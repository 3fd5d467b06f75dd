// Misuse: polls CB 0 forever without blocking (only the watchdog ends it).
void kernel_main() {
  while (!cb_pages_available_at_front(0, 1)) {
  }
}
