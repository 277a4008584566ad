#!/usr/bin/python3
"""The media side of a test network video recorder: a real RTSP server
(GStreamer's gst-rtsp-server, Debian's python3-gst-1.0 and
gir1.2-gst-rtsp-server-1.0) serving recorded footage for playback the way
NVRs do, behind RTSP Digest authentication.

The footage is real files with real wall-clock times: each channel is a
folder of H.264 or H.265 segment files named by their UTC start
(`YYYYmmddTHHMMSSZ.mp4`, the default recorder layout). A playback request
names a window; the server serves the recording from the keyframe at or
before its start up to its end, across file boundaries, paced at real time
as Hikvision and Dahua recorders pace playback. Paths, as the devices
answer them:

  /Streaming/tracks/<channel>01?starttime=YYYYmmddTHHMMSSZ&endtime=...
                                   Hikvision (UTC with a Z)
  /cam/playback?channel=<n>&subtype=0&starttime=YYYY_MM_DD_HH_MM_SS&endtime=...
                                   Dahua and CP Plus (device local time)
  /playback/<channel>?start=<epoch>&end=<epoch>
                                   a recorder reached through an RTSP
                                   playback template
  /onvif-media/record/play.amp?onvifreplayid=RecordingToken_<nnn>
                                   ONVIF replay (the address the control
                                   plane double's GetReplayUri gives):
                                   `Require: onvif-replay`, `Range: clock=`
                                   on the device's clock, `Rate-Control: no`
                                   (as fast as the client reads), and the
                                   ONVIF RTP header extension's NTP time
                                   on every packet

The server is GStreamer's ONVIF server. Its ONVIF replay serves the
channel's recordings as one timeline from the first one's start (a gap
between recordings is not kept: replay tests use adjacent recordings), and
starts at the keyframe at or before the asked start (whose packets may go
out before the answer to PLAY, as RFC 2326 allows).

Faults, for the tests: `--clock-offset-secs N` makes the device's clock
run N seconds ahead of true time (its playback URLs then speak its own
clock, as a real device's do); `--cut-after SECS` closes the connection of the
first `--cut-sessions` playback sessions (ONVIF replay included) once that
many seconds of media have been sent after PLAY (a stream cut mid-pull). A window holding no footage is refused (GStreamer's
server answers DESCRIBE with 400 Bad Request). `--session-timeout SECS`
gives each session that timeout (`Session: …;timeout=SECS`) and, as
recorders do (GStreamer's own server keeps a TCP session alive while it
streams), closes a playing session's connection once SECS pass with no
request from its client: a client must keep the session alive.

For the pull benchmark, `--rate-control off` sends the other playback
paths as fast as the client reads too (as ONVIF replay with `Rate-Control:
no` is sent), so that a client that cannot ask for ONVIF replay (stock
ffmpeg) can be timed against the same server on the same window. A cut of
a window is made once and kept while its files are unchanged.

Started by the tests on 127.0.0.1, and by `make run` as the demo NVR;
prints `READY <port>` once it listens.
It must run under Debian's /usr/bin/python3, which owns the GStreamer
bindings.
"""

import argparse
import datetime as dt
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.parse

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

# Before any class below is defined: a media subclass registers signals
# whose types GStreamer's initialisation creates.
Gst.init(None)

UTC = dt.timezone.utc


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def probe_duration(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out)["format"]["duration"])


@functools.lru_cache(maxsize=None)
def codec_of(path):
    """("h264" or "h265"), the video codec of a recording, for the parser
    and payloader that serve it (read once per file: a cut is kept and
    never changes)."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name", "-of", "csv=p=0", path],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return "h265" if "hevc" in out.split() else "h264"


class Channel:
    """A channel's recordings: (start, end, path), sorted. The folder is
    read again at each playback, as a recorder keeps recording."""

    def __init__(self, folder):
        self.folder = os.path.abspath(folder)
        self.durations = {}

    @property
    def files(self):
        out = []
        for name in sorted(os.listdir(self.folder)):
            stem, _, ext = name.rpartition(".")
            if ext not in ("mp4", "mkv", "ts"):
                continue
            try:
                start = dt.datetime.strptime(stem, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            except ValueError:
                continue
            path = os.path.join(self.folder, name)
            if path not in self.durations:
                try:
                    self.durations[path] = probe_duration(path)
                except (subprocess.CalledProcessError, KeyError, ValueError):
                    continue  # still being written
            out.append((start, start + dt.timedelta(seconds=self.durations[path]), path))
        return out

    def covering(self, start, end):
        return [f for f in self.files if f[1] > start and f[0] < end]


class Nvr:
    def __init__(self, args):
        self.channels = {}
        for spec in args.channel:
            n, _, folder = spec.partition("=")
            self.channels[int(n)] = Channel(folder)
        self.zone = dt.timezone(dt.timedelta(minutes=args.utc_offset_minutes))
        self.clock = dt.timedelta(seconds=args.clock_offset_secs)
        self.cut_after = args.cut_after
        self.cut_left = args.cut_sessions
        self.lock = threading.Lock()
        self.scratch = tempfile.mkdtemp(prefix="test-nvr-")
        self.paced = args.rate_control == "on"
        # (files as (path, size, mtime), start, end, extra) -> cut file
        self.cuts = {}

    def window(self, path, query):
        """(channel, start, end) a playback URL asks for, in true UTC."""
        channel, start, end = self.device_window(path, query)
        return channel, start - self.clock, end - self.clock

    def device_window(self, path, query):
        """(channel, start, end) a playback URL asks for, on the device's
        clock."""
        q = {k: v[0] for k, v in urllib.parse.parse_qs(query or "").items()}
        if path.startswith("/Streaming/tracks/"):
            track = int(path.rsplit("/", 1)[1])
            fmt = "%Y%m%dT%H%M%SZ"
            start = dt.datetime.strptime(q["starttime"], fmt).replace(tzinfo=UTC)
            end = dt.datetime.strptime(q["endtime"], fmt).replace(tzinfo=UTC)
            return track // 100, start, end
        if path == "/cam/playback":
            fmt = "%Y_%m_%d_%H_%M_%S"
            local = lambda s: dt.datetime.strptime(s, fmt).replace(tzinfo=self.zone)  # noqa: E731
            return int(q["channel"]), local(q["starttime"]), local(q["endtime"])
        if path.startswith("/playback/"):
            channel = int(path.rsplit("/", 1)[1])
            start = dt.datetime.fromtimestamp(int(q["start"]), UTC)
            end = dt.datetime.fromtimestamp(int(q["end"]), UTC)
            return channel, start, end
        raise KeyError(path)

    def cut(self, start, end, files, extra=()):
        """The window as one MPEG-TS file, cut by stream copy (from the
        keyframe at or before the start). Kept while the files are
        unchanged."""
        key = (
            tuple((p, st.st_size, st.st_mtime_ns) for p, st in ((p, os.stat(p)) for _, _, p in files)),
            start, end, tuple(extra),
        )
        with self.lock:
            if key in self.cuts and os.path.exists(self.cuts[key]):
                return self.cuts[key]
        fd, listing = tempfile.mkstemp(suffix=".ffconcat", dir=self.scratch)
        with os.fdopen(fd, "w") as f:
            f.write("ffconcat version 1.0\n")
            for fs, fe, path in files:
                f.write(f"file '{path}'\n")
                if start > fs:
                    f.write(f"inpoint {(start - fs).total_seconds():.3f}\n")
                if end < fe:
                    f.write(f"outpoint {(end - fs).total_seconds():.3f}\n")
        out = listing.replace(".ffconcat", ".ts")
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listing,
             "-map", "0:v:0", "-c", "copy", *extra, "-f", "mpegts", out],
            check=True,
        )
        os.unlink(listing)
        with self.lock:
            self.cuts[key] = out
        return out


class Playback(GstRtspServer.RTSPMediaFactory):
    def __init__(self, nvr):
        super().__init__()
        self.nvr = nvr
        self.set_shared(False)
        self.set_eos_shutdown(True)

    def do_create_element(self, url):
        try:
            channel, start, end = self.nvr.window(url.abspath, url.query)
            files = self.nvr.channels[channel].covering(start, end)
        except (KeyError, ValueError) as e:
            log(f"test-nvr: no such playback {url.abspath}?{url.query}: {e!r}")
            return None
        if not files:
            log(f"test-nvr: nothing recorded on channel {channel} in {start}..{end}")
            return None
        try:
            ts = self.nvr.cut(start, end, files)
        except subprocess.CalledProcessError as e:
            log(f"test-nvr: cannot cut channel {channel} {start}..{end}: {e!r}")
            return None
        log(f"test-nvr: channel {channel} {start.isoformat()}..{end.isoformat()} from {len(files)} file(s)")
        c = codec_of(ts)
        return Gst.parse_launch(
            f"( filesrc location={ts} ! tsdemux ! {c}parse ! "
            f"rtp{c}pay name=pay0 pt=96 config-interval=-1 )"
        )


NTP_UNIX_SECS = 2208988800


@functools.lru_cache(maxsize=None)
def key_times(path):
    """The keyframes' times in `path`, in seconds from its first frame
    (read once per cut)."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pts_time,flags", "-of", "csv=p=0", path],
        check=True, capture_output=True, text=True,
    ).stdout
    packets = [line.split(",") for line in out.splitlines() if line]
    first = min(float(p[0]) for p in packets)
    return tuple(sorted(float(p[0]) - first for p in packets if "K" in p[1]))


class ReplayMedia(GstRtspServer.RTSPOnvifMedia):
    """ONVIF replay of one channel: the media's timeline is the channel's
    recordings from the first one's start, and a `Range: clock=` (on the
    device's clock) becomes the matching NPT range of it."""

    origin = None
    clock = dt.timedelta(0)
    keys = ()
    # Where playback starts, for the probe that drops what the demuxer
    # sends from before it (it seeks to a byte position, not a frame).
    start = None

    def do_convert_range(self, rng, unit):
        if rng.unit == GstRtsp.RTSPRangeUnit.CLOCK and unit == GstRtsp.RTSPRangeUnit.NPT and self.origin:
            def npt(t, t2):
                at = dt.datetime(t2.year, t2.month, t2.day, tzinfo=UTC) + dt.timedelta(seconds=t.seconds)
                return max(0.0, (at - self.clock - self.origin).total_seconds())

            # Replay starts at the keyframe at or before the asked start;
            # the seek and the probe go a little earlier still, so that the
            # keyframe's own timestamp (rounded on its way through the
            # demuxer) is never before either.
            lo = npt(rng.min, rng.min2)
            lo = max([k for k in self.keys if k <= lo + 1e-6], default=0.0)
            self.start["ns"] = int((lo - 0.025) * Gst.SECOND)
            lo = max(0.0, lo - 0.05)
            hi = npt(rng.max, rng.max2) if rng.max.type == GstRtsp.RTSPTimeType.UTC else None
            log(f"test-nvr: ONVIF replay clock range from {lo:.3f} s to {hi} s of the recording")
            rng.unit = GstRtsp.RTSPRangeUnit.NPT
            rng.min.type = GstRtsp.RTSPTimeType.SECONDS
            rng.min.seconds = lo
            if hi is not None:
                rng.max.type = GstRtsp.RTSPTimeType.SECONDS
                rng.max.seconds = hi
            return True
        return GstRtsp.rtsp_range_convert_units(rng, unit)


class Replay(GstRtspServer.RTSPOnvifMediaFactory):
    """The ONVIF replay address GetReplayUri hands out
    (`/onvif-media/record/play.amp?onvifreplayid=RecordingToken_<nnn>`):
    `Require: onvif-replay`, `Range: clock=`, `Rate-Control: no`, and the
    ONVIF RTP header extension with each frame's NTP wall-clock time
    (`rtponviftimestamp`)."""

    def __init__(self, nvr):
        super().__init__()
        self.nvr = nvr
        self.pending = None
        self.set_shared(False)
        self.set_eos_shutdown(True)
        self.set_replay_support(True)
        self.set_media_gtype(ReplayMedia)
        self.connect("media-constructed", self.on_media)

    def on_media(self, _factory, media):
        media.origin, media.keys, media.start = self.pending
        media.clock = self.nvr.clock

    def do_create_element(self, url):
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query or "").items()}
        try:
            channel = int(q["onvifreplayid"].rsplit("_", 1)[1])
            files = self.nvr.channels[channel].files
        except (KeyError, ValueError, IndexError) as e:
            log(f"test-nvr: no such recording {url.query}: {e!r}")
            return None
        if not files:
            return None
        origin, end = files[0][0], files[-1][1]
        # No mux delay: the demuxer's timeline then starts at the first
        # frame, as the replay's timestamps assume.
        ts = self.nvr.cut(origin, end, files, ("-muxdelay", "0", "-muxpreload", "0"))
        start = {"ns": 0}
        self.pending = (origin, key_times(ts), start)
        # Frames are stamped on the device's clock.
        ntp = (int((origin + self.nvr.clock).timestamp()) + NTP_UNIX_SECS) * Gst.SECOND
        log(f"test-nvr: ONVIF recording of channel {channel} from {origin.isoformat()}")
        c = codec_of(ts)
        top = Gst.Bin.new(None)
        src = Gst.parse_bin_from_description(
            f"filesrc location={ts} ! tsdemux ! {c}parse name=parse", False
        )
        parsed = src.get_by_name("parse").get_static_pad("src")
        src.add_pad(Gst.GhostPad.new("src", parsed))

        def before_start(_pad, info):
            # Prerolled frames pass (PLAY's seek flushes them). After
            # PLAY, frames before the start are dropped, and the probe goes
            # at the first frame at or after it: frames come in order, and
            # a Python callback on every frame would hold the whole server
            # back.
            if not start.get("play"):
                return Gst.PadProbeReturn.OK
            pts = info.get_buffer().pts
            if pts != Gst.CLOCK_TIME_NONE and pts < start["ns"]:
                return Gst.PadProbeReturn.DROP
            return Gst.PadProbeReturn.REMOVE

        parsed.add_probe(Gst.PadProbeType.BUFFER, before_start)
        pay = Gst.parse_bin_from_description(
            f"rtp{c}pay name=rtp pt=96 config-interval=-1 ! "
            f"rtponviftimestamp name=onvifts ntp-offset={ntp} set-e-bit=false set-t-bit=false "
            "drop-out-of-segment=false",
            False,
        )
        pay.add_pad(Gst.GhostPad.new("sink", pay.get_by_name("rtp").get_static_pad("sink")))
        pay.add_pad(Gst.GhostPad.new("src", pay.get_by_name("onvifts").get_static_pad("src")))
        pay.set_name("pay0")
        top.add(src)
        top.add(pay)
        src.link(pay)
        return top


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--channel", action="append", default=[], metavar="N=FOLDER")
    p.add_argument("--user", required=True)
    p.add_argument("--password")
    p.add_argument("--password-file", help="read the password from this file")
    p.add_argument("--utc-offset-minutes", type=int, default=330)
    p.add_argument("--clock-offset-secs", type=int, default=0)
    p.add_argument("--cut-after", type=float, default=0.0)
    p.add_argument("--cut-sessions", type=int, default=0)
    p.add_argument("--session-timeout", type=int, default=0,
                   help="give sessions this timeout, and end a playing session "
                   "that sends no request for that long")
    p.add_argument("--rate-control", choices=("on", "off"), default="on",
                   help="off: send plain playback as fast as the client reads")
    args = p.parse_args()

    if args.password_file:
        with open(args.password_file) as f:
            args.password = f.read().strip()
    if not args.password:
        p.error("give --password or --password-file")

    nvr = Nvr(args)
    server = GstRtspServer.RTSPOnvifServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "viewer")
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    auth.add_digest(args.user, args.password, token)
    server.set_auth(auth)
    perms = GstRtspServer.RTSPPermissions()
    perms.add_permission_for_role("viewer", "media.factory.access", True)
    perms.add_permission_for_role("viewer", "media.factory.construct", True)

    mounts = server.get_mount_points()
    paths = ["/cam/playback"]
    for n in nvr.channels:
        paths += [f"/Streaming/tracks/{n}01", f"/playback/{n}"]
    for path in paths:
        f = Playback(nvr)
        f.set_permissions(perms)
        f.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
        mounts.add_factory(path, f)
    replay = Replay(nvr)
    replay.set_permissions(perms)
    replay.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    mounts.add_factory("/onvif-media/record/play.amp", replay)

    def on_client(_server, client):
        def on_play(client, ctx):
            if isinstance(ctx.media, ReplayMedia):
                ctx.media.start["play"] = True
            with nvr.lock:
                if nvr.cut_left <= 0 or nvr.cut_after <= 0:
                    return GstRtsp.RTSPStatusCode.OK
                nvr.cut_left -= 1
            # Cut once `--cut-after` seconds of media have gone out after
            # the seek PLAY makes (real time for paced playback; much
            # sooner for ONVIF replay): nothing after that point is sent,
            # then the connection closes. Set before PLAY is handled, so
            # that not even an unpaced replay gets past it.
            pay = ctx.media.get_element().get_by_name("pay0")
            first = {}

            def cut():
                log("test-nvr: cutting a playback session")
                client.close()
                return False

            def count(_pad, info):
                if info.type & Gst.PadProbeType.EVENT_DOWNSTREAM:
                    if info.get_event().type in (Gst.EventType.SEGMENT, Gst.EventType.FLUSH_STOP):
                        first.pop("pts", None)
                    return Gst.PadProbeReturn.OK
                if first.get("cut"):
                    return Gst.PadProbeReturn.DROP
                if info.type & Gst.PadProbeType.BUFFER_LIST:
                    buf = info.get_buffer_list().get(0)
                else:
                    buf = info.get_buffer()
                if buf is None or buf.pts == Gst.CLOCK_TIME_NONE:
                    return Gst.PadProbeReturn.OK
                first.setdefault("pts", buf.pts)
                if buf.pts - first["pts"] >= int(nvr.cut_after * Gst.SECOND):
                    first["cut"] = True
                    GLib.idle_add(cut)
                    return Gst.PadProbeReturn.DROP
                return Gst.PadProbeReturn.OK

            pay.get_static_pad("src").add_probe(
                Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST
                | Gst.PadProbeType.EVENT_DOWNSTREAM,
                count,
            )
            return GstRtsp.RTSPStatusCode.OK

        def unpaced(_client, ctx):
            # As if the client had sent ONVIF's `Rate-Control: no`: set
            # once PLAY is handled, as the server resets it for each PLAY.
            if not nvr.paced:
                ctx.media.set_rate_control(False)

        client.connect("pre-play-request", on_play)
        client.connect("play-request", unpaced)

    if args.session_timeout > 0:
        def watch(client):
            client.connect("new-session", lambda _c, session: session.set_timeout(args.session_timeout))
            heard = {"at": GLib.get_monotonic_time(), "playing": False}

            def request(_client, _ctx):
                heard["at"] = GLib.get_monotonic_time()

            def playing(_client, _ctx):
                heard["at"] = GLib.get_monotonic_time()
                heard["playing"] = True

            for signal in ("options-request", "get-parameter-request", "set-parameter-request"):
                client.connect(signal, request)
            client.connect("play-request", playing)

            def check():
                if heard.get("closed"):
                    return False
                silent = (GLib.get_monotonic_time() - heard["at"]) / 1e6
                if heard["playing"] and silent > args.session_timeout:
                    log(f"test-nvr: no keep-alive for {silent:.1f} s; ending the session")
                    client.close()
                    return False
                return True

            GLib.timeout_add(200, check)
            client.connect("closed", lambda _c: heard.update(closed=True))

        server.connect("client-connected", lambda _server, client: watch(client))
    server.connect("client-connected", on_client)
    if server.attach(None) == 0:
        log("test-nvr: cannot listen")
        sys.exit(1)
    print(f"READY {server.get_bound_port()}", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
