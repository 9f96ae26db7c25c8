#!/usr/bin/env bash
# Installs what the voice tests need to make real recordings when it is
# missing: espeak-ng (speech), sox (length, format), opus-tools (opusenc)
# and ffmpeg (WebM, MP3, M4A). The seeds ship no recordings, so without
# these the tests cannot run: they fail, never skip.
set -euo pipefail
need=()
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
command -v opusenc >/dev/null 2>&1 || need+=(opus-tools)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing ${need[*]}: run as root or: sudo apt-get install -y ${need[*]}" >&2; exit 1
  fi
fi
for tool in espeak-ng sox opusenc ffmpeg; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is still missing" >&2; exit 1; }
done
