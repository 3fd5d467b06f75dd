// CommandQueue: the classic (single-device) dispatch queue. The emulator runs
// every command to completion when it is enqueued, so "non-blocking"
// commands have finished by the time they return.
#pragma once

namespace tt::tt_metal {

class IDevice;

class CommandQueue {
public:
  explicit CommandQueue(IDevice &device) : device_(&device) {}
  IDevice *device() const { return device_; }
  void finish() {}

private:
  IDevice *device_;
};

} // namespace tt::tt_metal
