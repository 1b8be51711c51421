"""A LibreOffice kept running for many exports: the web page's warm office.

Not imported by plan_model: web/office.py runs this file with a Python that has `uno`, as
soffice.py runs uno_script.py, whose `export` it reuses (same folder, so it imports as a
plain module). Standard library and uno only.

    python3 warm_script.py JOB.json

JOB.json: {"soffice": path, "profile": file URL, "pipe": unique name,
           "filter_data": {name: [kind, value]}}

The script starts soffice as its own child (so that both live in the process group the
caller made and go with it), prints `ready` once connected, then reads one line per
request from stdin — the path of a documents file as uno_script.py reads it — exports each
document and prints `done`, or `error <reason>` when LibreOffice refused one. End of stdin
ends the script; ending soffice is the caller's job (it kills the group).

Exit codes as uno_script.py: UNO_MISSING, SOFFICE_NOT_FOUND, soffice's own when it ends
before accepting a connection.
"""
import json
import subprocess
import sys
import time

import uno_script

CONNECT_POLL = 0.02


def main(job_path):
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    command = [job["soffice"], f"-env:UserInstallation={job['profile']}", "--headless",
               "--invisible", "--nologo", "--nodefault", "--nolockcheck", "--norestore",
               f"--accept=pipe,name={job['pipe']};urp;StarOffice.ComponentContext"]
    try:
        office = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    except (FileNotFoundError, PermissionError) as error:
        print(f"soffice: {error}", file=sys.stderr)
        return uno_script.SOFFICE_NOT_FOUND
    try:
        import uno
        from com.sun.star.beans import PropertyValue
        from com.sun.star.connection import NoConnectException
    except ImportError as error:
        print(f"uno: {error}", file=sys.stderr)
        return uno_script.UNO_MISSING

    def prop(name, value):
        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={job['pipe']};urp;StarOffice.ComponentContext"
    while True:
        try:
            context = resolver.resolve(url)
            break
        except NoConnectException:
            code = office.poll()
            if code is not None:
                print(f"soffice ended before accepting a connection ({code})", file=sys.stderr)
                return code
            time.sleep(CONNECT_POLL)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(
        prop(name, uno_script._value(kind, value)) for name, (kind, value) in job["filter_data"].items()))
    _say("ready")
    for line in sys.stdin:
        with open(line.strip(), encoding="utf-8") as handle:
            documents = json.load(handle)
        try:
            for document in documents:
                uno_script.export(desktop, document, filter_data, prop, uno)
        except Exception as error:  # -- one bad document must not end the warm office --
            _say("error " + " ".join(str(error).split())[:500])
            continue
        _say("done")
    return 0


def _say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
