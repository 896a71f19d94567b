#!/usr/bin/env python3
"""check_fwdrift in a real Icinga 2.

Builds a private Icinga 2 instance in a temporary folder (its own config,
data, log, cache, spool and run folders, set with -D constants; the
system's /etc/icinga2 and its service are never touched), with the
contrib check commands and apply rule as installed, validates it with
`icinga2 daemon -C` (and checks that a broken one is refused), runs the
daemon until it has checked three services against check_fwdrift auditing
a fixture offline, stops it, and reads back what the engine recorded: the
state file's last check results (exit status, state, output, performance
data, command line) and the PerfdataWriter's files.

Usage: run_icinga2.py FWDRIFT_EXE BUILD_DIR SOURCE_DIR
A missing icinga2 is a failure, not a skip; ICINGA2=PATH names another
binary. KEEP_ENGINE_DIR=1 keeps the
temporary folder for a look after a failure.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import ctypes
import time

EXE, BUILD, SRC = (os.path.abspath(a) for a in sys.argv[1:4])
FIXTURE = os.path.join(SRC, "tests/cli/fixtures/ps-drift.v4")
HOST = "fwdrift-test"
RUN_LIMIT = 90  # seconds the daemon gets to run the checks

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)
    return cond


def find_icinga2():
    """$ICINGA2 (to try another build), else icinga2 on the PATH or in
    /usr/sbin."""
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    return shutil.which(os.environ.get("ICINGA2", "icinga2"), path=path)


def quote(s):
    """An Icinga 2 string literal (its escapes are JSON's for these)."""
    return json.dumps(s)


def defines(root):
    """Constants that move every path of the instance into root."""
    user = subprocess.run(["id", "-un"], capture_output=True, text=True,
                          check=True).stdout.strip()
    group = subprocess.run(["id", "-gn"], capture_output=True, text=True,
                           check=True).stdout.strip()
    consts = {
        "ConfigDir": "etc", "DataDir": "lib", "LogDir": "log",
        "CacheDir": "cache", "SpoolDir": "spool", "InitRunDir": "run",
        "ZonesDir": "etc/zones.d", "PidPath": "run/icinga2.pid",
        "StatePath": "lib/icinga2.state", "ObjectsPath": "cache/icinga2.debug",
        "VarsPath": "cache/icinga2.vars",
        "ModAttrPath": "lib/modified-attributes.conf",
    }
    args = ["-D%s=%s" % (k, os.path.join(root, v)) for k, v in consts.items()]
    return args + ["-DRunAsUser=" + user, "-DRunAsGroup=" + group]


def test_config(root, plugin):
    """The objects of this test: a host for the apply rule and two more
    services that exercise thresholds, verbosity and UNKNOWN."""
    common = ("\tvars.fwdrift_command = %s\n\tvars.fwdrift_input = [ %s ]\n"
              % (quote(plugin), quote(FIXTURE)))
    return f"""
object CheckerComponent "checker" {{ }}
object FileLogger "main-log" {{
	severity = "information"
	path = LogDir + "/icinga2.log"
}}
object ExternalCommandListener "command" {{
	command_path = InitRunDir + "/icinga2.cmd"
}}
object PerfdataWriter "perfdata" {{
	host_perfdata_path = SpoolDir + "/perfdata/host-perfdata"
	service_perfdata_path = SpoolDir + "/perfdata/service-perfdata"
	host_temp_path = SpoolDir + "/tmp/host-perfdata"
	service_temp_path = SpoolDir + "/tmp/service-perfdata"
	rotation_interval = 1s
}}

/* The apply rule of fwdrift-services.conf makes "fwdrift-privilegesecure". */
object Host "{HOST}" {{
	check_command = "dummy"
	enable_active_checks = false
	vars.fwdrift["privilegesecure"] = {{
		fwdrift_command = {quote(plugin)}
		fwdrift_input = [ {quote(FIXTURE)} ]
	}}
}}

object Service "thresholds" {{
	host_name = "{HOST}"
	check_command = "fwdrift"
	check_interval = 1h
	vars.fwdrift_baseline = "privilegesecure"
{common}	vars.fwdrift_warning = [ "missing=20", "extra=1" ]
	vars.fwdrift_critical = "missing=30"
	vars.fwdrift_verbose = 2
}}

object Service "bad-baseline" {{
	host_name = "{HOST}"
	check_command = "fwdrift"
	check_interval = 1h
	vars.fwdrift_baseline = "no-such-baseline"
{common}}}
"""


SERVICES = ["fwdrift-privilegesecure", "thresholds", "bad-baseline"]


def setup(root):
    for d in ["etc", "lib", "log", "cache", "spool/tmp", "spool/perfdata",
              "run", "bin"]:
        os.makedirs(os.path.join(root, d))
    # check_fwdrift is a link to the binary; it picks the Nagios format
    # from its name.
    plugin = os.path.join(root, "bin", "check_fwdrift")
    os.symlink(EXE, plugin)
    etc = os.path.join(root, "etc")
    shutil.copy(os.path.join(BUILD, "contrib", "icinga2-fwdrift.conf"),
                os.path.join(etc, "fwdrift.conf"))
    shutil.copy(os.path.join(SRC, "contrib", "icinga2", "fwdrift-services.conf"),
                os.path.join(etc, "fwdrift-services.conf"))
    with open(os.path.join(etc, "test.conf"), "w") as f:
        f.write(test_config(root, plugin))
    with open(os.path.join(etc, "icinga2.conf"), "w") as f:
        f.write('include <itl>\ninclude "fwdrift.conf"\n'
                'include "fwdrift-services.conf"\ninclude "test.conf"\n')
    with open(os.path.join(etc, "broken.conf"), "w") as f:
        f.write('include "icinga2.conf"\nobject Service "broken" {\n'
                '\thost_name = "%s"\n\tcheck_command = "fwdrift-nonexistent"\n}\n'
                % HOST)
    return plugin


def validate(icinga2, root, defs):
    etc = os.path.join(root, "etc")
    good = subprocess.run([icinga2, "daemon", "-C", "-c",
                           os.path.join(etc, "icinga2.conf")] + defs,
                          capture_output=True, text=True, timeout=60)
    if not check(good.returncode == 0, "icinga2 daemon -C accepts the config"):
        print(good.stdout + good.stderr)
    bad = subprocess.run([icinga2, "daemon", "-C", "-c",
                          os.path.join(etc, "broken.conf")] + defs,
                         capture_output=True, text=True, timeout=60)
    check(bad.returncode != 0 and "fwdrift-nonexistent" in bad.stdout + bad.stderr,
          "icinga2 daemon -C refuses a service with an unknown command")
    # What the compiled config holds (the objects file of -C).
    listing = subprocess.run([icinga2, "object", "list"] + defs,
                             capture_output=True, text=True, timeout=60)
    # -C of the broken config above overwrote the objects file: list
    # after validating the good one again.
    subprocess.run([icinga2, "daemon", "-C", "-c",
                    os.path.join(etc, "icinga2.conf")] + defs,
                   capture_output=True, timeout=60)
    listing = subprocess.run([icinga2, "object", "list"] + defs,
                             capture_output=True, text=True, timeout=60)
    out = listing.stdout
    check("Object 'fwdrift' of type 'CheckCommand'" in out and
          "Object 'fwdrift-sudo' of type 'CheckCommand'" in out,
          "icinga2 object list: CheckCommands fwdrift and fwdrift-sudo")
    check("Object '%s!fwdrift-privilegesecure' of type 'Service'" % HOST in out,
          "icinga2 object list: the apply rule made fwdrift-privilegesecure")
    return good.returncode == 0


def send_commands(root, deadline):
    """Force a check of every service through the command pipe."""
    pipe = os.path.join(root, "run", "icinga2.cmd")
    while time.time() < deadline:
        try:
            fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.2)
            continue
        now = int(time.time())
        lines = "".join("[%d] SCHEDULE_FORCED_SVC_CHECK;%s;%s;%d\n"
                        % (now, HOST, s, now) for s in SERVICES)
        os.write(fd, lines.encode())
        os.close(fd)
        return True
    return False


def perfdata_records(root, records):
    """Add the PerfdataWriter lines (rotated files and the one being
    written), as dictionaries of their KEY::VALUE fields, to records by
    service name. Collected while the daemon runs: a rotation within the
    same second renames over the previous file of that second."""
    for d in ("perfdata", "tmp"):
        folder = os.path.join(root, "spool", d)
        for name in sorted(os.listdir(folder)):
            if not name.startswith("service-perfdata"):
                continue
            with open(os.path.join(folder, name), errors="replace") as f:
                for line in f:
                    fields = dict(p.split("::", 1) for p in
                                  line.rstrip("\n").split("\t") if "::" in p)
                    if "SERVICEDESC" in fields:
                        records[fields["SERVICEDESC"]] = fields
    return records


def die_with_parent():
    """In the daemon, before exec: SIGKILL when this test dies, even by
    SIGKILL (prctl PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)


def on_signal(sig, frame):
    """A test runner's SIGTERM (timeout) or ^C: unwind, so that the
    finally clauses stop the daemon and remove the folder."""
    raise KeyboardInterrupt("signal %d" % sig)


def run_daemon(icinga2, root, defs, records):
    log = open(os.path.join(root, "daemon.out"), "w")
    # Its own process group, so that stop() reaches the workers it forks.
    proc = subprocess.Popen([icinga2, "daemon", "-c",
                             os.path.join(root, "etc", "icinga2.conf")] + defs,
                            stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True, preexec_fn=die_with_parent)
    try:
        deadline = time.time() + RUN_LIMIT
        check(send_commands(root, deadline), "the daemon opened its command pipe")
        while time.time() < deadline and proc.poll() is None:
            if set(SERVICES) <= set(perfdata_records(root, records)):
                break
            time.sleep(0.5)
        check(proc.poll() is None, "the daemon kept running")
        check(set(SERVICES) <= set(records),
              "the PerfdataWriter recorded every service within %d s" % RUN_LIMIT)
    finally:
        stop(proc)
        log.close()
    return proc.returncode


def stop(proc):
    """SIGTERM to the daemon as an init system sends it: to the process we
    started only (icinga2's umbrella process passes it on to the daemon
    it forked; a SIGTERM to every process of the group at once sometimes
    left the daemon hanging without writing its state). Then the group,
    then SIGKILL; never leaves a process behind."""
    for target, wait in ((lambda: os.kill(proc.pid, signal.SIGTERM), 30),
                         (lambda: os.killpg(proc.pid, signal.SIGTERM), 10)):
        try:
            target()
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            print("the daemon did not stop on SIGTERM within %d s" % wait)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    deadline = time.time() + 5
    while group_members(proc.pid) and time.time() < deadline:
        time.sleep(0.1)
    check(not group_members(proc.pid), "no process of the daemon is left")


def group_members(pgid):
    """Live processes (zombies waiting for init aside) in a group."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open("/proc/%s/stat" % pid).read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            pids.append(int(pid))
    return pids


def read_state(path):
    """The state file: netstrings (LENGTH:JSON,) of {name, type, update}."""
    data = open(path, "rb").read()
    objects, i = {}, 0
    while i < len(data):
        colon = data.index(b":", i)
        n = int(data[i:colon])
        obj = json.loads(data[colon + 1:colon + 1 + n])
        i = colon + 1 + n + 1
        objects[(obj["type"], obj["name"])] = obj.get("update", {})
    return objects


def direct(plugin, args):
    """check_fwdrift run by hand: status and perfdata without read_time."""
    p = subprocess.run([plugin] + args, capture_output=True, text=True,
                       timeout=60)
    first = p.stdout.split("\n", 1)[0]
    perf = first.split("|", 1)[1].split() if "|" in first else []
    return p.returncode, [x for x in perf if not x.startswith("read_time=")]


def without_read_time(perf):
    return [x for x in perf if not x.startswith("read_time=")]


def verify_results(root, plugin, perf_lines):
    state = read_state(os.path.join(root, "lib", "icinga2.state"))
    names = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}

    def result(service):
        upd = state.get(("Service", "%s!%s" % (HOST, service)), {})
        cr = upd.get("last_check_result") or {}
        if not check(bool(cr), "%s: the state file holds a check result" % service):
            return {}, {}
        return cr, perf_lines.get(service, {})

    # The apply rule: defaults only.
    cr, pl = result("fwdrift-privilegesecure")
    if cr:
        rc, perf = direct(plugin, ["--baseline", "privilegesecure",
                                   "--input", FIXTURE])
        check(cr["command"] == [plugin, "--baseline", "privilegesecure",
                                "--input", FIXTURE, "--timeout", "50"],
              "apply rule: command line %s" % cr["command"])
        check(rc == 2 and cr["exit_status"] == 2 and cr["state"] == 2,
              "apply rule: CRITICAL (exit %s, state %s; by hand %s)"
              % (cr["exit_status"], cr["state"], rc))
        check(cr["output"].startswith("FWDRIFT CRITICAL - privilegesecure: "),
              "apply rule: status line %r" % cr["output"].split("\n")[0])
        check(without_read_time(cr["performance_data"]) == perf and
              len(perf) == 4, "apply rule: perfdata as by hand %s" % perf)
        check(pl.get("SERVICESTATE") == "CRITICAL" and
              without_read_time(pl.get("SERVICEPERFDATA", "").split()) == perf,
              "apply rule: PerfdataWriter line %s / %s"
              % (pl.get("SERVICESTATE"), pl.get("SERVICEPERFDATA")))

    # Thresholds, arrays and a plain string, -vv.
    cr, pl = result("thresholds")
    if cr:
        args = ["--baseline", "privilegesecure", "--input", FIXTURE,
                "--warning", "missing=20", "--warning", "extra=1",
                "--critical", "missing=30", "--timeout", "50", "-vv"]
        rc, perf = direct(plugin, args)
        check(cr["command"] == [plugin] + args,
              "thresholds: command line %s" % cr["command"])
        check(rc == 1 and cr["exit_status"] == 1 and cr["state"] == 1,
              "thresholds: WARNING (exit %s, state %s; by hand %s)"
              % (cr["exit_status"], cr["state"], rc))
        check(any(p.startswith("missing=") and p.endswith(";20;30;0")
                  for p in cr["performance_data"]) and
              any(p.startswith("extra=") and p.endswith(";1;;0")
                  for p in cr["performance_data"]) and
              without_read_time(cr["performance_data"]) == perf,
              "thresholds: perfdata with ranges %s" % cr["performance_data"])
        check("\n    decided: " in cr["output"],
              "thresholds: -vv long output names the deciding rules")
        check(pl.get("SERVICESTATE") == "WARNING",
              "thresholds: PerfdataWriter state %s" % pl.get("SERVICESTATE"))

    cr, pl = result("bad-baseline")
    if cr:
        check(cr["exit_status"] == 3 and cr["state"] == 3,
              "bad baseline: UNKNOWN (exit %s, state %s)"
              % (cr["exit_status"], cr["state"]))
        # Icinga 2 keeps stderr in the output: the status line must
        # still come first, as the engine shows that line.
        check(cr["output"].startswith("FWDRIFT UNKNOWN - "),
              "bad baseline: the output starts with the status line: %r"
              % cr["output"].split("\n")[0])
        check(pl.get("SERVICESTATE") == "UNKNOWN",
              "bad baseline: PerfdataWriter state %s" % pl.get("SERVICESTATE"))
    print("engine states:", {s: names.get(perf_lines.get(s, {}).get(
        "SERVICESTATE"), perf_lines.get(s, {}).get("SERVICESTATE"))
        for s in SERVICES})


def main():
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, on_signal)
    icinga2 = find_icinga2()
    if not check(icinga2 is not None,
                 "icinga2 is installed (Debian package icinga2, in .ci/deps)"):
        return 1
    root = tempfile.mkdtemp(prefix="fwdrift-icinga2-")
    try:
        plugin = setup(root)
        defs = defines(root)
        if validate(icinga2, root, defs):
            records = {}
            run_daemon(icinga2, root, defs, records)
            state = os.path.join(root, "lib", "icinga2.state")
            if check(os.path.exists(state), "the daemon wrote its state file"):
                verify_results(root, plugin, records)
        if failures:
            for name in ("daemon.out", "log/icinga2.log"):
                path = os.path.join(root, name)
                if os.path.exists(path):
                    print("---- %s (last 40 lines)" % name)
                    print("".join(open(path, errors="replace").readlines()[-40:]))
    finally:
        if os.environ.get("KEEP_ENGINE_DIR"):
            print("kept", root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
