#!/usr/bin/env python3
"""check_fwdrift in a real Nagios 4 (optional: Debian's nagios4-core).

A private Nagios in a temporary folder (its own nagios.cfg, status,
retention, command pipe and perfdata files; the system's /etc/nagios4 and
its service are never touched), with the contrib command and service
definitions as installed. `nagios4 -v` validates it (and refuses a broken
one); the daemon then runs check_fwdrift against a fixture offline, and
the test reads back status.dat and the service perfdata file.

Usage: run_nagios.py FWDRIFT_EXE BUILD_DIR SOURCE_DIR
Exit 77 (skipped) when nagios4 is not installed; NAGIOS4=PATH names
another binary; KEEP_ENGINE_DIR=1 keeps the folder.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_icinga2 import (check, die_with_parent, failures,  # noqa: E402
                         group_members, on_signal)

EXE, BUILD, SRC = (os.path.abspath(a) for a in sys.argv[1:4])
FIXTURE = os.path.join(SRC, "tests/cli/fixtures/ps-drift.v4")
RUN_LIMIT = 90
SERVICES = ["fwdrift direct", "fwdrift thresholds", "fwdrift bad baseline"]


def objects(plugin_args):
    """Debian's example names (localhost, generic-service) that the
    contrib service example uses, and the services of this test."""
    svc = ""
    for name, args in plugin_args:
        svc += f"""
define service {{
    use                     generic-service
    host_name               localhost
    service_description     {name}
    check_command           {args}
}}
"""
    return """
define timeperiod {
    timeperiod_name 24x7
    alias           always
    sunday 00:00-24:00
    monday 00:00-24:00
    tuesday 00:00-24:00
    wednesday 00:00-24:00
    thursday 00:00-24:00
    friday 00:00-24:00
    saturday 00:00-24:00
}
define command {
    command_name    true
    command_line    /bin/true
}
define contact {
    contact_name                    nobody
    host_notifications_enabled      0
    service_notifications_enabled   0
    host_notification_period        24x7
    service_notification_period     24x7
    host_notification_options       n
    service_notification_options    n
    host_notification_commands      true
    service_notification_commands   true
}
define host {
    host_name               localhost
    address                 127.0.0.1
    check_command           true
    max_check_attempts      1
    check_period            24x7
    contacts                nobody
    notification_period     24x7
    active_checks_enabled   0
}
define service {
    name                    generic-service
    register                0
    max_check_attempts      1
    check_interval          60
    retry_interval          1
    check_period            24x7
    notification_period     24x7
    contacts                nobody
    notifications_enabled   0
}
""" + svc


def setup(root):
    for d in ("etc", "var/rw", "var/spool/checkresults", "tmp", "bin"):
        os.makedirs(os.path.join(root, d))
    plugin = os.path.join(root, "bin", "check_fwdrift")
    os.symlink(EXE, plugin)
    etc = os.path.join(root, "etc")
    # The installed command path, moved to this test's check_fwdrift.
    text = open(os.path.join(BUILD, "contrib", "nagios-fwdrift.cfg")).read()
    check(len(re.findall(r"\S+/check_fwdrift ", text)) == 2,
          "fwdrift.cfg names check_fwdrift in both commands")
    text = re.sub(r"\S+/check_fwdrift ", plugin + " ", text)
    open(os.path.join(etc, "fwdrift.cfg"), "w").write(text)
    shutil.copy(os.path.join(SRC, "contrib", "nagios", "fwdrift-services.cfg"),
                os.path.join(etc, "fwdrift-services.cfg"))
    open(os.path.join(etc, "test.cfg"), "w").write(objects([
        (SERVICES[0], "check_fwdrift!privilegesecure!--input " + FIXTURE),
        (SERVICES[1], "check_fwdrift!privilegesecure!--input " + FIXTURE +
         " -w missing=20,extra=1 -c missing=30"),
        (SERVICES[2], "check_fwdrift!no-such-baseline!--input " + FIXTURE),
    ]))
    open(os.path.join(etc, "broken.cfg"), "w").write(
        "define service {\n    use generic-service\n    host_name localhost\n"
        "    service_description broken\n"
        "    check_command check_fwdrift_nonexistent!x\n}\n")
    user = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    group = subprocess.run(["id", "-gn"], capture_output=True, text=True).stdout.strip()
    var = os.path.join(root, "var")
    main = {
        "log_file": var + "/nagios.log",
        "object_cache_file": var + "/objects.cache",
        "precached_object_file": var + "/objects.precache",
        "status_file": var + "/status.dat",
        "status_update_interval": "1",
        "nagios_user": user, "nagios_group": group,
        "check_external_commands": "1",
        "command_file": var + "/rw/nagios.cmd",
        "lock_file": var + "/nagios.lock",
        "temp_file": var + "/nagios.tmp",
        "temp_path": root + "/tmp",
        "check_result_path": var + "/spool/checkresults",
        "retain_state_information": "0",
        "state_retention_file": var + "/retention.dat",
        "service_inter_check_delay_method": "n",
        "host_inter_check_delay_method": "n",
        "enable_notifications": "0",
        "process_performance_data": "1",
        "service_perfdata_file": var + "/service-perfdata",
        "service_perfdata_file_template":
            "$SERVICEDESC$\\t$SERVICESTATE$\\t$SERVICEPERFDATA$",
        "service_perfdata_file_mode": "a",
        "use_syslog": "0",
        "illegal_macro_output_chars": "`~$&|'\"<>",
    }
    cfg = "".join("%s=%s\n" % kv for kv in main.items())
    for name in ("fwdrift.cfg", "fwdrift-services.cfg", "test.cfg"):
        cfg += "cfg_file=%s/%s\n" % (etc, name)
    open(os.path.join(etc, "nagios.cfg"), "w").write(cfg)
    open(os.path.join(etc, "broken-nagios.cfg"), "w").write(
        cfg + "cfg_file=%s/broken.cfg\n" % etc)
    return plugin


def status_blocks(path):
    """servicestatus blocks of status.dat, by service description."""
    out = {}
    if not os.path.exists(path):
        return out
    text = open(path, errors="replace").read()
    for m in re.finditer(r"servicestatus \{\n(.*?)\n\s*\}", text, re.S):
        block = dict(line.strip().split("=", 1) for line in
                     m.group(1).split("\n") if "=" in line)
        out[block.get("service_description")] = block
    return out


def main():
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, on_signal)
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    nagios = shutil.which(os.environ.get("NAGIOS4", "nagios4"), path=path)
    if not nagios:
        print("nagios4 is not installed (Debian package nagios4-core): skipped")
        return 77
    root = tempfile.mkdtemp(prefix="fwdrift-nagios-")
    proc = None
    try:
        setup(root)
        cfg = os.path.join(root, "etc", "nagios.cfg")
        good = subprocess.run([nagios, "-v", cfg], capture_output=True,
                              text=True, timeout=60)
        if not check(good.returncode == 0, "nagios4 -v accepts the config"):
            print(good.stdout + good.stderr)
            return 1
        bad = subprocess.run([nagios, "-v", os.path.join(root, "etc",
                                                         "broken-nagios.cfg")],
                             capture_output=True, text=True, timeout=60)
        check(bad.returncode != 0 and "check_fwdrift_nonexistent" in bad.stdout,
              "nagios4 -v refuses a service with an unknown command")

        log = open(os.path.join(root, "daemon.out"), "w")
        proc = subprocess.Popen([nagios, cfg], stdout=log,
                                stderr=subprocess.STDOUT,
                                start_new_session=True,
                                preexec_fn=die_with_parent)
        pipe = os.path.join(root, "var", "rw", "nagios.cmd")
        deadline = time.time() + RUN_LIMIT
        sent = False
        status = {}
        while time.time() < deadline and proc.poll() is None:
            if not sent and os.path.exists(pipe):
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
                now = int(time.time())
                os.write(fd, "".join(
                    "[%d] SCHEDULE_FORCED_SVC_CHECK;localhost;%s;%d\n"
                    % (now, s, now) for s in SERVICES).encode())
                os.close(fd)
                sent = True
            status = status_blocks(os.path.join(root, "var", "status.dat"))
            if all(status.get(s, {}).get("has_been_checked") == "1"
                   for s in SERVICES):
                break
            time.sleep(0.5)
        check(sent, "the daemon opened its command pipe")
        check(all(status.get(s, {}).get("has_been_checked") == "1"
                  for s in SERVICES),
              "status.dat shows every service checked within %d s" % RUN_LIMIT)

        st = status.get(SERVICES[0], {})
        check(st.get("current_state") == "2" and st.get("plugin_output", "")
              .startswith("FWDRIFT CRITICAL - privilegesecure: "),
              "direct: CRITICAL %r" % st.get("plugin_output"))
        check(re.match(r"missing=\d+;;;0 conflicting=\d+;;;0 extra=\d+;;;0 "
                       r"compliant=\d+;;;0 read_time=", st.get(
                           "performance_data", "")) is not None,
              "direct: perfdata %r" % st.get("performance_data"))
        st = status.get(SERVICES[1], {})
        check(st.get("current_state") == "1" and
              re.search(r"missing=\d+;20;30;0 .*extra=\d+;1;;0",
                        st.get("performance_data", "")) is not None,
              "thresholds: WARNING, perfdata %r" % st.get("performance_data"))
        st = status.get(SERVICES[2], {})
        check(st.get("current_state") == "3" and st.get("plugin_output", "")
              .startswith("FWDRIFT UNKNOWN - "),
              "bad baseline: UNKNOWN %r" % st.get("plugin_output"))
    finally:
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
            deadline = time.time() + 5
            while group_members(proc.pid) and time.time() < deadline:
                time.sleep(0.1)
            check(not group_members(proc.pid), "no process of the daemon is left")
            perf = os.path.join(root, "var", "service-perfdata")
            lines = open(perf).read().splitlines() if os.path.exists(perf) else []
            recorded = {ln.split("\t")[0]: ln.split("\t") for ln in lines}
            check(recorded.get(SERVICES[0], [None, None])[1] == "CRITICAL" and
                  recorded.get(SERVICES[1], [None, None])[1] == "WARNING",
                  "the service perfdata file recorded the states")
        if failures:
            for name in ("daemon.out", "var/nagios.log"):
                p = os.path.join(root, name)
                if os.path.exists(p):
                    print("---- %s (last 30 lines)" % name)
                    print("".join(open(p, errors="replace").readlines()[-30:]))
        if os.environ.get("KEEP_ENGINE_DIR"):
            print("kept", root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
