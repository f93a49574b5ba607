#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for Dostyq Desk, then start the application or run the tests.
#   bash tools/bootstrap.sh run    # set up, make a demo database when there is none, open the window
#   bash tools/bootstrap.sh test   # set up, run the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
shift || true

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

if command -v apt-get >/dev/null 2>&1; then
  # Qt's runtime libraries, the PDF tools the report tests read with, the minisign and age tools that check
  # bundles independently, and fonts.
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3 python3-venv python3-pip \
    libglib2.0-0 libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0 \
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 \
    libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 libnss3 libasound2 \
    poppler-utils minisign age sqlite3 postgresql >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,build]"
.venv/bin/python tools/i18n.py compile

case "$mode" in
  run)
    if ! .venv/bin/python -c "import sys; from desk.store.home import Home, resolve_home; sys.exit(0 if Home(resolve_home()).exists() else 1)"; then
      .venv/bin/desk demo --size small
    fi
    exec .venv/bin/desk "$@"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    # the central office's tests run on SQLite and on a throwaway PostgreSQL cluster (a missing server fails them)
    DESK_TEST_POSTGRES_URL="$(bash tools/postgres.sh start)"
    export DESK_TEST_POSTGRES_URL DESK_REQUIRE_POSTGRES=1
    trap 'bash tools/postgres.sh stop || true' EXIT
    status=0
    .venv/bin/python -m pytest -n 2 "$@" || status=$?  # two workers: the build test runs beside the rest
    if [ "${DESK_SKIP_WINDOWS:-0}" = 0 ]; then
      # the clerks' platform: the official Windows CPython under Wine (smoke, tests, build, installer)
      bash tools/windows/check.sh all || status=1
    fi
    exit $status
    ;;
  *)
    echo "usage: bash tools/bootstrap.sh run|test" >&2
    exit 2
    ;;
esac
