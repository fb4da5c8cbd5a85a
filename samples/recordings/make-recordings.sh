#!/usr/bin/env bash
# Regenerates the sample call recordings and their reference transcripts from dialogues.txt with Debian's
# text-to-speech voices. A developer tool, not run by the build or CI (the output is committed).
#   apt-get install festival festvox-us-slt-hts festvox-kallpc16k flite sox lame libsox-fmt-mp3
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/main/resources/io/callqa/samples"
exec python3 "$here/make_recordings.py" "$here/dialogues.txt" "$out"
