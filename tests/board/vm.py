"""The board test's machine: QEMU (x86_64 -M q35 with virtio-vga, or aarch64
-M virt with virtio-gpu-pci; qemu-xhci, no network),
its QMP monitor, the guest agent on a virtio-serial port (the only way into
the guest: there is no network), screendumps read as pixels, tesseract, and
FAT32 stick images made with mtools (nothing is mounted on this machine).

Python 3 standard library only.
"""
import base64
import json
import os
import random
import signal
import socket
import struct
import subprocess
import time
import zlib


class VMError(Exception):
    pass


# What differs between the boards: QEMU's binary and machine, the CPU under
# software emulation (the Pi 4's Cortex-A72 for arm64: cheaper to emulate
# than "max", which adds pointer authentication), the DRM device (virtio-vga
# needs a PC's VGA; -M virt has virtio-gpu-pci) and the kernel's serial
# console (the PL011 on virt). Everything else is the same machine.
MACHINES = {
    "amd64": {"qemu": "qemu-system-x86_64", "machine": "q35", "tcg_cpu": "max",
              "gpu": "virtio-vga", "console": "ttyS0", "uname": "x86_64"},
    "arm64": {"qemu": "qemu-system-aarch64", "machine": "virt", "tcg_cpu": "cortex-a72",
              "gpu": "virtio-gpu-pci", "console": "ttyAMA0", "uname": "aarch64"},
}


def _connect_unix(path, deadline):
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise VMError("cannot connect to %s" % path)
            time.sleep(0.1)


class QMP:
    def __init__(self, path, timeout=30):
        self.sock = _connect_unix(path, time.monotonic() + timeout)
        self.sock.settimeout(timeout)
        self.f = self.sock.makefile("rb")
        self.events = []
        json.loads(self.f.readline())  # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            line = self.f.readline()
            if not line:
                raise VMError("QMP closed during %s" % name)
            r = json.loads(line)
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise VMError("QMP %s: %s" % (name, r["error"].get("desc")))
            return r.get("return")

    def wait_event(self, name, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, e in enumerate(self.events):
                if e["event"] == name:
                    return self.events.pop(i)
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                line = self.f.readline()
            except (socket.timeout, OSError):
                break
            if not line:
                break
            r = json.loads(line)
            if "event" in r:
                self.events.append(r)
        return None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class QGA:
    """qemu-guest-agent over a virtio-serial chardev."""

    def __init__(self, path):
        self.path = path
        self.sock = None
        self.buf = b""

    def _reconnect(self):
        if self.sock:
            self.sock.close()
        self.sock = _connect_unix(self.path, time.monotonic() + 10)
        self.buf = b""

    def _readline(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout()
            self.sock.settimeout(left)
            d = self.sock.recv(65536)
            if not d:
                raise VMError("guest agent socket closed")
            self.buf += d
        line, self.buf = self.buf.split(b"\n", 1)
        return line.replace(b"\xff", b"").strip()

    def sync(self, timeout=5):
        """True when the agent answers within timeout."""
        try:
            if self.sock is None:
                self._reconnect()
            ident = random.randint(1, 2**31)
            self.sock.sendall(b"\xff" + json.dumps(
                {"execute": "guest-sync-delimited", "arguments": {"id": ident}}).encode() + b"\n")
            deadline = time.monotonic() + timeout
            while True:
                line = self._readline(deadline)
                if not line:
                    continue
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                if r.get("return") == ident:
                    return True
        except (socket.timeout, OSError, VMError):
            try:
                self._reconnect()
            except VMError:
                self.sock = None
            return False

    def wait(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sync(min(5, max(1, deadline - time.monotonic()))):
                return True
        return False

    def call(self, name, timeout=30, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._readline(deadline)
            except socket.timeout:
                raise VMError("guest agent: %s timed out" % name)
            if not line:
                continue
            r = json.loads(line)
            if "error" in r:
                raise VMError("guest agent %s: %s" % (name, r["error"].get("desc")))
            if "return" in r:
                return r["return"]

    def run(self, cmd, timeout=60):
        """Run a shell command in the guest as root: (exit code, stdout, stderr)."""
        if not self.sync(10):
            raise VMError("guest agent not answering")
        pid = self.call("guest-exec", path="/bin/sh", arg=["-c", cmd],
                        **{"capture-output": True})["pid"]
        deadline = time.monotonic() + timeout
        while True:
            st = self.call("guest-exec-status", pid=pid)
            if st.get("exited"):
                out = base64.b64decode(st.get("out-data", "")).decode("utf-8", "replace")
                err = base64.b64decode(st.get("err-data", "")).decode("utf-8", "replace")
                return st.get("exitcode", -1), out, err
            if time.monotonic() > deadline:
                raise VMError("guest command timed out after %d s: %s" % (timeout, cmd[:80]))
            time.sleep(0.3)

    def out(self, cmd, timeout=60):
        return self.run(cmd, timeout)[1]

    def get(self, path, chunk=4 << 20):
        """A file of the guest's, whole (guest-file-read in chunks)."""
        if not self.sync(10):
            raise VMError("guest agent not answering")
        h = self.call("guest-file-open", path=path, mode="r")
        data = []
        try:
            while True:
                r = self.call("guest-file-read", timeout=120, handle=h, count=chunk)
                data.append(base64.b64decode(r.get("buf-b64", "")))
                if r.get("eof") or not r.get("count"):
                    break
        finally:
            self.call("guest-file-close", handle=h)
        return b"".join(data)

    def put(self, path, data, mode="644"):
        b = base64.b64encode(data).decode()
        rc, _, err = self.run("echo %s | base64 -d > %s.tmp && chmod %s %s.tmp && mv %s.tmp %s"
                              % (b, path, mode, path, path, path))
        if rc != 0:
            raise VMError("writing %s: %s" % (path, err))


def kvm_usable(kernel, initrd, workdir, log, arch="amd64"):
    """Does KVM really work here? /dev/kvm may exist while the host module
    refuses -cpu host. Boot the kernel to its first userspace step and see."""
    m = MACHINES[arch]
    if os.uname().machine != m["uname"]:
        log("an %s board on an %s machine: software emulation (TCG)" % (arch, os.uname().machine))
        return False
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        log("/dev/kvm not usable: software emulation (TCG)")
        return False
    serial = os.path.join(workdir, "kvm-probe.log")
    try:
        r = subprocess.run(
            ["timeout", "40", m["qemu"], "-machine", m["machine"], "-accel", "kvm", "-cpu", "host", "-m", "512",
             "-nodefaults", "-display", "none", "-nic", "none", "-no-reboot",
             "-serial", "file:" + serial, "-kernel", kernel, "-initrd", initrd,
             "-append", "console=%s panic=-1 rdinit=/nonexistent-init" % m["console"]],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        text = open(serial, errors="replace").read() if os.path.exists(serial) else ""
    except (subprocess.TimeoutExpired, OSError):
        return False
    good = "Run /nonexistent-init" in text or "Kernel panic" in text or "No working init" in text
    if not good:
        first = r.stdout.decode(errors="replace").strip().splitlines()[:1]
        log("KVM does not work here (%s): software emulation (TCG)" % (first[0] if first else "kernel did not boot"))
    return good


class VM:
    def __init__(self, workdir, disk, kernel, initrd, kvm=False, rtc=None, extra_drives=(),
                 serial_log=None, mem=2048, width=800, height=480, root_mode="rw", arch="amd64"):
        self.workdir = workdir
        self.arch = arch
        self.disk = disk
        self.kernel = kernel
        self.initrd = initrd
        self.kvm = kvm
        self.rtc = rtc
        self.extra = list(extra_drives)
        self.serial_log = serial_log or os.path.join(workdir, "serial.log")
        self.mem = mem
        self.size = (width, height)
        self.root_mode = root_mode  # the kernel's rw or ro for the root
        self.proc = None
        self.qmp = None
        self.qga = None
        self.started = None
        self.sticks = {}
        self.nstick = 0

    def start(self):
        qmp_path = os.path.join(self.workdir, "qmp.sock")
        qga_path = os.path.join(self.workdir, "qga.sock")
        for p in (qmp_path, qga_path):
            if os.path.exists(p):
                os.unlink(p)
        m = MACHINES[self.arch]
        if self.kvm:
            accel = ["-accel", "kvm", "-cpu", "host"]
        else:
            accel = ["-accel", "tcg,thread=multi", "-cpu", m["tcg_cpu"]]
        args = [m["qemu"], "-machine", m["machine"]] + accel + [
            "-smp", str(min(2, os.cpu_count() or 1)), "-m", str(self.mem),
            "-nodefaults", "-no-user-config", "-display", "none",
            "-nic", "none",  # no network device at all: no packet leaves this machine
            "-device", "%s,xres=%d,yres=%d" % ((m["gpu"],) + self.size),
            "-device", "qemu-xhci,id=xhci",
            "-device", "usb-tablet,bus=xhci.0,id=tablet",
            "-device", "usb-kbd,bus=xhci.0,id=kbd",
            "-drive", "file=%s,if=virtio,format=qcow2" % self.disk,
            "-chardev", "socket,id=qga,path=%s,server=on,wait=off" % qga_path,
            "-device", "virtio-serial-pci",
            "-device", "virtserialport,chardev=qga,name=org.qemu.guest_agent.0",
            "-chardev", "file,id=ser,path=%s,append=on" % self.serial_log,
            "-serial", "chardev:ser",
            "-qmp", "unix:%s,server=on,wait=off" % qmp_path,
            "-kernel", self.kernel, "-initrd", self.initrd,
            "-append", "root=/dev/vda %s console=%s,115200 loglevel=4 panic=10" % (self.root_mode, m["console"]),
        ]
        for d in self.extra:
            args += ["-drive", d]
        if self.rtc:
            args += ["-rtc", "base=" + self.rtc]
        with open(os.path.join(self.workdir, "qemu.log"), "ab") as lf:
            self.proc = subprocess.Popen(args, stdout=lf, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        self.started = time.monotonic()
        self.qmp = QMP(qmp_path)
        self.qga = QGA(qga_path)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_agent(self, timeout):
        return self.qga.wait(timeout)

    def cut_power(self):
        """The power cord: SIGKILL to QEMU, no shutdown of any kind."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._close()

    def poweroff(self, timeout=180):
        try:
            self.qga.call("guest-shutdown", timeout=10, mode="powerdown")
        except (VMError, OSError):
            pass
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.cut_power()
            return False
        self._close()
        return True

    def _close(self):
        if self.qmp:
            self.qmp.close()
        if self.qga and self.qga.sock:
            self.qga.sock.close()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
        self._close()

    # --- screen ---------------------------------------------------------------
    def screendump(self, png_path=None):
        ppm = os.path.join(self.workdir, "screen.ppm")
        self.qmp.cmd("screendump", filename=ppm)
        img = read_ppm(ppm)
        if png_path:
            write_png(img, png_path)
        return img

    # --- input ------------------------------------------------------------------
    def tap_abs(self, ax, ay):
        """A press and release at absolute axis values (0..32767), to the
        absolute pointer (the usb-tablet: the only one)."""
        self.qmp.cmd("input-send-event", events=[
            {"type": "abs", "data": {"axis": "x", "value": int(ax)}},
            {"type": "abs", "data": {"axis": "y", "value": int(ay)}}])
        time.sleep(0.05)
        self.qmp.cmd("input-send-event", events=[
            {"type": "btn", "data": {"down": True, "button": "left"}}])
        time.sleep(0.15)
        self.qmp.cmd("input-send-event", events=[
            {"type": "btn", "data": {"down": False, "button": "left"}}])

    def tap(self, x, y):
        """A tap at screen pixel (x, y), scaled to the tablet's axis range."""
        w, h = self.size
        self.tap_abs(x * 32767 // (w - 1), y * 32767 // (h - 1))

    def key(self, qcode):
        self.qmp.cmd("send-key", keys=[{"type": "qcode", "data": qcode}])

    # --- sticks -------------------------------------------------------------------
    def plug(self, image):
        self.nstick += 1
        n = "stick%d" % self.nstick
        self.qmp.cmd("blockdev-add", **{"driver": "raw", "node-name": n,
                                         "file": {"driver": "file", "filename": image}})
        self.qmp.cmd("device_add", driver="usb-storage", bus="xhci.0", drive=n,
                     id=n + "dev", removable=True)
        self.sticks[n] = image
        return n

    def unplug(self, n, timeout=30):
        self.qmp.cmd("device_del", id=n + "dev")
        ev = self.qmp.wait_event("DEVICE_DELETED", timeout)
        try:
            self.qmp.cmd("blockdev-del", **{"node-name": n})
        except VMError:
            pass
        self.sticks.pop(n, None)
        return ev is not None


# --- pixels -------------------------------------------------------------------------
def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = []
    i = 0
    while len(parts) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            while data[i:i + 1] != b"\n":
                i += 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        parts.append(data[i:j])
        i = j
    i += 1
    if parts[0] != b"P6":
        raise VMError("not a P6 ppm")
    w, h = int(parts[1]), int(parts[2])
    return (w, h, data[i:i + w * h * 3])


def write_png(img, path):
    w, h, px = img
    raw = b"".join(b"\x00" + px[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def lit_fraction(img, threshold=32):
    """The share of pixels (sampled) brighter than near-black."""
    w, h, px = img
    if w == 0 or h == 0:
        return 0.0
    n = lit = 0
    step = 3 * 7
    for i in range(0, len(px) - 2, step):
        n += 1
        if px[i] > threshold or px[i + 1] > threshold or px[i + 2] > threshold:
            lit += 1
    return lit / n if n else 0.0


def rotate_ccw(img):
    """The image turned a quarter counter-clockwise: what a kiosk with
    rotate = 90 (clockwise) drew, turned back upright to be read."""
    w, h, px = img
    rows = []
    for y in range(w):               # row y of the result is column w-1-y of img
        x0 = 3 * (w - 1 - y)
        rows.append(b"".join(px[r * w * 3 + x0:r * w * 3 + x0 + 3] for r in range(h)))
    return (h, w, b"".join(rows))


def distinct_colours(img):
    w, h, px = img
    return len({px[i:i + 3] for i in range(0, len(px) - 2, 3 * 13)})


def ocr(png, tsv=False):
    """tesseract's reading of a screendump (text, or word boxes)."""
    args = ["tesseract", png, "stdout", "-l", "eng", "--psm", "3"]
    if tsv:
        args.append("tsv")
    try:
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
    except (subprocess.TimeoutExpired, OSError):
        return [] if tsv else ""
    text = r.stdout.decode("utf-8", "replace")
    if not tsv:
        return text
    words = []
    for line in text.splitlines()[1:]:
        f = line.split("\t")
        if len(f) == 12 and f[11].strip():
            words.append((f[11].strip(), int(f[6]), int(f[7]), int(f[8]), int(f[9])))
    return words


def norm(s):
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in s).split())


def reads(text, phrase):
    """Does the OCR text contain the phrase (case, punctuation and line breaks aside)?"""
    return norm(phrase) in norm(text)


# --- sticks ---------------------------------------------------------------------------
def write_mbr(path, parts):
    """An MBR partition table on the image at path: parts are (first sector,
    sectors, type) triples, at most four."""
    mbr = bytearray(512)
    mbr[440:444] = struct.pack("<I", random.randint(1, 2**32 - 1))
    for i, (first, count, ptype) in enumerate(parts):
        mbr[446 + 16 * i:462 + 16 * i] = struct.pack("<B3sB3sII", 0, b"\x00\x02\x00", ptype,
                                                     b"\xfe\xff\xff", first, count)
    mbr[510:512] = b"\x55\xaa"
    with open(path, "r+b") as f:
        f.write(mbr)


def fat_at(path, offset, size, label, src_dir=None):
    """A FAT32 filesystem of size bytes at byte offset in the image at path
    (mkfs.vfat --offset), filled with src_dir's contents by mtools."""
    cmd = ["mkfs.vfat", "-F", "32", "-n", label]
    if offset:
        cmd += ["--offset=%d" % (offset // 512), path, str(size // 1024)]
    else:
        cmd += [path]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if src_dir is None:
        return
    img = path + ("@@%d" % offset if offset else "")
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1", MTOOLS_NO_VFAT="0")
    subprocess.run(["mcopy", "-s", "-Q", "-i", img] + [os.path.join(src_dir, e) for e in sorted(os.listdir(src_dir))]
                   + ["::/"], check=True, env=env, stdout=subprocess.DEVNULL)


def make_fat_stick(path, src_dir, label, size_mib=64, partitioned=True):
    """A FAT32 stick image holding src_dir's contents, made with mkfs.vfat and
    mtools (no mount): with an MBR and one partition at 1 MiB, or whole-disk
    (no partition table at all, as some sticks come formatted)."""
    size = size_mib * 1024 * 1024
    with open(path, "wb") as f:
        f.truncate(size)
    if not partitioned:
        fat_at(path, 0, size, label, src_dir)
        return
    write_mbr(path, [(2048, size // 512 - 2048, 0x0C)])
    fat_at(path, 1024 * 1024, size - 1024 * 1024, label, src_dir)


def make_fat_partitions(path, parts, size_mib=128):
    """A stick image with an MBR and one FAT32 partition per (src_dir or
    None, label) in parts, the disk split evenly, the first at 1 MiB."""
    size = size_mib * 1024 * 1024
    with open(path, "wb") as f:
        f.truncate(size)
    each = (size - 1024 * 1024) // len(parts) // (1024 * 1024) * (1024 * 1024)
    write_mbr(path, [((1024 * 1024 + i * each) // 512, each // 512, 0x0C) for i in range(len(parts))])
    for i, (src, label) in enumerate(parts):
        fat_at(path, 1024 * 1024 + i * each, each, label, src)


def make_exfat_stick(path, label, size_mib=64):
    """An exFAT stick image (MBR, one partition at 1 MiB) with the given
    label and no files: made with mkfs.exfat on a file, spliced in by offset."""
    size = size_mib * 1024 * 1024
    part = path + ".part"
    with open(part, "wb") as f:
        f.truncate(size - 1024 * 1024)
    subprocess.run(["mkfs.exfat", "-L", label, part], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(path, "wb") as f:
        f.truncate(size)
    write_mbr(path, [(2048, (size - 1024 * 1024) // 512, 0x07)])
    with open(path, "r+b") as f, open(part, "rb") as src:
        f.seek(1024 * 1024)
        for chunk in iter(lambda: src.read(1 << 20), b""):
            if chunk.count(0) == len(chunk):
                f.seek(len(chunk), 1)
            else:
                f.write(chunk)
    os.unlink(part)
