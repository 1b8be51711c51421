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
import sys

import uno_script


def main(job_path):
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    connected = uno_script.connect(job)
    if isinstance(connected, int):
        return connected
    desktop, filter_data, prop, uno = connected
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
