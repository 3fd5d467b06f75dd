// Command-queue operations. The emulator runs each command to completion
// when it is enqueued; errors surface from the enqueue call itself.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

#include <cstring>

#include "Device/DeviceState.h"
#include "Kernel/ProgramRunner.h"

namespace tt::tt_metal {
namespace {

Buffer &deref(const BufferRef &ref) {
  if (auto *r = std::get_if<std::reference_wrapper<Buffer>>(&ref))
    return r->get();
  auto &p = std::get<std::shared_ptr<Buffer>>(ref);
  TT_FATAL(p != nullptr, "buffer is null");
  return *p;
}

void checkOpen(IDevice *device) {
  TT_FATAL(device && device->is_initialized(), "the device is closed");
}

} // namespace

void EnqueueWriteBuffer(CommandQueue &cq, const BufferRef &buffer,
                        const void *src, bool) {
  checkOpen(cq.device());
  Buffer &b = deref(buffer);
  b.writeBytes(src, b.size());
}

void EnqueueWriteBufferBytes(CommandQueue &cq, const BufferRef &buffer,
                             const void *src, std::size_t bytes, bool) {
  checkOpen(cq.device());
  Buffer &b = deref(buffer);
  b.writeBytes(src, std::min<std::size_t>(bytes, b.size()));
}

void EnqueueReadBuffer(CommandQueue &cq, const BufferRef &buffer, void *dst,
                       bool) {
  checkOpen(cq.device());
  Buffer &b = deref(buffer);
  b.readBytes(dst, b.size());
}

void EnqueueReadBufferToVector(CommandQueue &cq, const BufferRef &buffer,
                               void *vec, std::size_t elemSize,
                               void *(*resize)(void *, std::size_t), bool) {
  checkOpen(cq.device());
  Buffer &b = deref(buffer);
  b.readBytes(resize(vec, (b.size() + elemSize - 1) / elemSize), b.size());
}

void EnqueueProgram(CommandQueue &cq, Program &program, bool) {
  checkOpen(cq.device());
  ttemu::runProgram(*cq.device()->emuState(), program.emuState());
}

void Finish(CommandQueue &) {}

namespace detail {

void WriteToBuffer(Buffer &buffer, const std::vector<uint32_t> &host) {
  buffer.writeBytes(host.data(),
                    std::min<std::size_t>(host.size() * 4, buffer.size()));
}
void WriteToBuffer(const std::shared_ptr<Buffer> &buffer,
                   const std::vector<uint32_t> &host) {
  WriteToBuffer(*buffer, host);
}
void ReadFromBuffer(Buffer &buffer, std::vector<uint32_t> &host) {
  host.resize((buffer.size() + 3) / 4);
  buffer.readBytes(host.data(), buffer.size());
}
void ReadFromBuffer(const std::shared_ptr<Buffer> &buffer,
                    std::vector<uint32_t> &host) {
  ReadFromBuffer(*buffer, host);
}
void LaunchProgram(IDevice *device, Program &program, bool) {
  checkOpen(device);
  ttemu::runProgram(*device->emuState(), program.emuState());
}
bool CompileProgram(IDevice *device, Program &program) {
  ttemu::compileProgram(*device->emuState(), program.emuState());
  return true;
}

namespace {
std::uint8_t *coreL1(IDevice *device, const CoreCoord &core, std::uint32_t address,
                     std::size_t bytes, const char *op) {
  checkOpen(device);
  auto &state = *device->emuState();
  TT_FATAL(state.inGrid(core.x, core.y), "{}: core {} is outside the worker grid",
           op, core.str());
  auto off = state.l1Offset(address);
  TT_FATAL(off && *off + bytes <= state.arch.l1Size,
           "{}: {} bytes at L1 address 0x{:x} do not fit in L1 ({} bytes)", op,
           bytes, address, state.arch.l1Size);
  return state.l1(core.x, core.y) + *off;
}
} // namespace

bool WriteToDeviceL1(IDevice *device, const CoreCoord &core, uint32_t address,
                     std::vector<uint32_t> &host, CoreType) {
  std::memcpy(coreL1(device, core, address, host.size() * 4, "WriteToDeviceL1"),
              host.data(), host.size() * 4);
  return true;
}

bool ReadFromDeviceL1(IDevice *device, const CoreCoord &core, uint32_t address,
                      uint32_t size, std::vector<uint32_t> &host, CoreType) {
  host.resize((size + 3) / 4);
  std::memcpy(host.data(), coreL1(device, core, address, size, "ReadFromDeviceL1"),
              size);
  return true;
}

} // namespace detail

} // namespace tt::tt_metal
