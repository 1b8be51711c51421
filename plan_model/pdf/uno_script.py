"""One LibreOffice start that updates each document's indexes (the TOC) and exports PDF/A.

Not imported by plan_model: soffice.py runs this file as a script with a Python that has the
`uno` module (Debian's /usr/bin/python3 with python3-uno), because the venv's Python cannot
load LibreOffice's bridge. Standard library and uno only.

    python3 uno_script.py JOB.json

JOB.json: {"soffice": path, "profile": file URL, "pipe": unique name,
           "filter_data": {name: [kind, value]}, "documents_file": path}
documents_file: [{"docx": path, "pdf": path, "update_indexes": bool}, ...]

The script starts soffice itself as its own child, so that soffice lives in the process
group soffice.py created for this script and goes with it on time-out or at the end (the
script leaves soffice running when it is done: ending the group is the caller's job). LibreOffice
starts (about a second) while the build is still writing the .docx files: the script waits
for `documents_file` to appear (the caller writes it under another name and renames it) before
it loads anything. Each PDF is written under a temporary name and renamed when complete, so
the build can post-process the first one while LibreOffice still works on the next.

Exit codes: 0 done; UNO_MISSING when `uno` cannot be imported (the build then falls back to
plain conversions); SOFFICE_NOT_FOUND when the binary cannot be started; soffice's own exit
code when it ends before accepting a connection (the fake soffice programs of the tests do);
1 for anything else, with the reason on stderr.
"""
import json
import os
import subprocess
import sys
import time

UNO_MISSING = 75
SOFFICE_NOT_FOUND = 127
CONNECT_POLL = 0.02


def main(job_path):
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    connected = connect(job)
    if isinstance(connected, int):
        return connected
    desktop, filter_data, prop, uno = connected
    while not os.path.exists(job["documents_file"]):
        time.sleep(CONNECT_POLL)  # -- the build is still writing the .docx files --
    with open(job["documents_file"], encoding="utf-8") as handle:
        documents = json.load(handle)
    for document in documents:
        export(desktop, document, filter_data, prop, uno)
    # -- no desktop.terminate(): LibreOffice's orderly shutdown costs CPU time the build's
    #    post-processing needs, and only flushes a profile that is deleted next; the caller ends
    #    the whole process group as soon as the last PDF is there --
    return 0


def connect(job):
    """Start soffice as this script's child and connect to it through UNO: (desktop, PDF
    filter data, PropertyValue maker, the uno module), or an exit code (see the module's
    docstring). Shared with warm_script.py."""
    command = [job["soffice"], f"-env:UserInstallation={job['profile']}", "--headless",
               "--invisible", "--nologo", "--nodefault", "--nolockcheck", "--norestore",
               f"--accept=pipe,name={job['pipe']};urp;StarOffice.ComponentContext"]
    # -- soffice first: its start-up (about a second) overlaps the uno import --
    try:
        office = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    except (FileNotFoundError, PermissionError) as error:
        print(f"soffice: {error}", file=sys.stderr)
        return SOFFICE_NOT_FOUND
    try:
        import uno
        from com.sun.star.beans import PropertyValue
        from com.sun.star.connection import NoConnectException
    except ImportError as error:
        print(f"uno: {error}", file=sys.stderr)
        return UNO_MISSING  # -- the caller ends the soffice just started with the group --

    def prop(name, value):
        item = PropertyValue()
        item.Name, item.Value = name, value
        return item

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={job['pipe']};urp;StarOffice.ComponentContext"
    # -- no deadline here: the caller's time limit ends this whole process group --
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
        prop(name, _value(kind, value)) for name, (kind, value) in job["filter_data"].items()))
    return desktop, filter_data, prop, uno


def export(desktop, document, filter_data, prop, uno):
    """Load one .docx hidden, update its indexes, export it as PDF, close it.

    Read-only, so LibreOffice leaves no lock file beside the user's .docx; and the PDF gets
    its final name only after the document is closed, because the caller ends LibreOffice
    as soon as the last PDF is there."""
    source = uno.systemPathToFileUrl(os.path.abspath(document["docx"]))
    doc = desktop.loadComponentFromURL(source, "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", True)))
    if doc is None:
        raise RuntimeError(f"LibreOffice could not open {document['docx']}")
    partial = document["pdf"] + ".part"
    try:
        if document["update_indexes"]:
            # -- twice: the first update can change the TOC's own length and so move the
            #    pages after it; the second writes the numbers of that final layout --
            for _ in range(2):
                for index in _indexes(doc):
                    index.update()
                doc.refresh()
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(partial)),
                       (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data)))
    finally:
        doc.close(True)
    os.replace(partial, document["pdf"])


def _indexes(doc):
    indexes = doc.getDocumentIndexes()
    return [indexes.getByIndex(i) for i in range(indexes.getCount())]


def _value(kind, value):
    if kind == "boolean":
        return value == "true"
    if kind == "long":
        return int(value)
    return value


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
