#!/usr/bin/env bash
# Sets up everything on a fresh Debian/Ubuntu machine and builds the bundled example into
# outputs/2023. Safe to run again. Elsewhere: see README, "Installation på andra system".
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-crosextra-carlito fonts-crosextra-caladea
              fonts-liberation fonts-dejavu-core poppler-utils procps python3-uno fontconfig
              chromium chromium-driver default-jre-headless)
# -- npm fetches axe-core for the browser tests; a Node.js from elsewhere brings its own npm
#    (and conflicts with Debian's), so Debian's is installed only when there is none --
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  # -- an npm that came with a Node.js from elsewhere conflicts with Debian's: keep it --
  [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1 && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installerar: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Installera LibreOffice Writer, typsnitten Carlito och Caladea samt poppler-utils (se README)." >&2
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
# -- axe-core for the accessibility tests (tests/browser_tools.py), into node_modules/ --
if [ ! -f node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then
  npm install --no-audit --no-fund --no-save axe-core@4.10 >/dev/null
fi

# -- the main job, as a user runs it: the bundled example into outputs/2023 --
.venv/bin/python generate.py
