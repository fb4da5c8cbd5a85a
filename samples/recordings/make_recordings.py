"""Builds two-channel call recordings from dialogues.txt (see make-recordings.sh)."""
import json, os, random, re, subprocess, sys, tempfile, wave, array

def tts(voice, text, out):
    raw = out + ".raw.wav"
    if voice.startswith("festival-"):
        v = {"festival-slt": "(voice_cmu_us_slt_arctic_hts)", "festival-kal": "(voice_kal_diphone)"}[voice]
        with open(out + ".txt", "w") as f:
            f.write(text + "\n")
        subprocess.run(["text2wave", "-eval", v, out + ".txt", "-o", raw], check=True)
    elif voice.startswith("espeak-"):
        subprocess.run(["espeak-ng", "-v", voice.split("-", 1)[1], "-s", "150", "-w", raw, text], check=True)
    else:
        subprocess.run(["flite", "-voice", voice.split("-", 1)[1], "-t", text, "-o", raw], check=True)
    # 16 kHz mono, levels evened out, leading/trailing silence trimmed.
    subprocess.run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", out, "silence", "1", "0.05", "0.5%",
                    "reverse", "silence", "1", "0.05", "0.5%", "reverse", "gain", "-n", "-3"], check=True)
    with wave.open(out) as w:
        return array.array("h", w.readframes(w.getnframes()))

def parse(path):
    calls, cur = [], None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("call "):
            _, cid, fmt, av, cv, *topic = line.split()
            cur = {"id": cid, "format": fmt, "agent_voice": av, "customer_voice": cv, "topic": " ".join(topic), "turns": []}
            if topic and topic[0] in ("en", "zh"):
                cur["language"] = topic[0]
                cur["topic"] = " ".join(topic[1:])
            calls.append(cur)
        else:
            who, text = line.split(":", 1)
            cur["turns"].append({"speaker": "AGENT" if who == "A" else "CUSTOMER", "text": text.strip()})
    return calls

def speak(voice, text, base):
    """The turn's audio; with {braces}, each piece synthesised on its own and joined by 0.15 s of
    silence, returning the read-outs' spans (seconds from the turn's start) as well."""
    if "{" not in text:
        return tts(voice, text, base + ".wav"), []
    pieces = re.split(r"([{][^}]*[}])", text)
    pcm, spans, gap = array.array("h"), [], array.array("h", [0] * 2400)
    for k, piece in enumerate(p for p in pieces if p.strip()):
        readout = piece.startswith("{")
        words = piece.strip("{} ")
        if len(pcm):
            pcm.extend(gap)
        start = len(pcm) / 16000
        pcm.extend(tts(voice, words, f"{base}-{k}.wav"))
        if readout:
            spans.append({"from_s": round(start, 3), "to_s": round(len(pcm) / 16000, 3), "text": words})
    return pcm, spans

def build(call, tmp, rng):
    rate = 16000
    left, right = array.array("h"), array.array("h")
    t = 0.6
    call.setdefault("readouts", [])
    for i, turn in enumerate(call["turns"]):
        voice = call["agent_voice"] if turn["speaker"] == "AGENT" else call["customer_voice"]
        pcm, spans = speak(voice, turn["text"], os.path.join(tmp, f"{call['id']}-{i}"))
        turn["text"] = turn["text"].replace("{", "").replace("}", "")
        # The customer now and then starts before the agent has finished (talk-over).
        if i > 0 and turn["speaker"] == "CUSTOMER" and rng.random() < 0.2:
            start = max(0.2, t - 0.6)
        else:
            start = t + rng.uniform(0.35, 0.9)
        turn["start_s"] = round(start, 3)
        turn["end_s"] = round(start + len(pcm) / rate, 3)
        for sp in spans:
            call["readouts"].append({"speaker": turn["speaker"], "from_s": round(start + sp["from_s"], 3),
                                     "to_s": round(start + sp["to_s"], 3), "text": sp["text"]})
        ch = left if turn["speaker"] == "AGENT" else right
        at = int(start * rate)
        for buf in (left, right):
            if len(buf) < at + len(pcm):
                buf.extend([0] * (at + len(pcm) - len(buf)))
        for k, s in enumerate(pcm):
            ch[at + k] = s
        t = max(t, turn["end_s"])
    n = int((t + 0.8) * rate)
    for buf in (left, right):
        buf.extend([0] * (n - len(buf)))
    stereo = array.array("h", [0] * (2 * n))
    stereo[0::2], stereo[1::2] = left, right
    path = os.path.join(tmp, call["id"] + "-stereo.wav")
    with wave.open(path, "wb") as w:
        w.setnchannels(2); w.setsampwidth(2); w.setframerate(rate); w.writeframes(stereo.tobytes())
    return path, n / rate

FORMATS = {
    "ulaw8k-stereo": ("wav", ["-r", "8000", "-e", "mu-law", "-b", "8"], True),
    "alaw8k-stereo": ("wav", ["-r", "8000", "-e", "a-law", "-b", "8"], True),
    "pcm8k-stereo": ("wav", ["-r", "8000", "-e", "signed", "-b", "16"], True),
    "pcm16k-mono": ("wav", ["-r", "16000", "-e", "signed", "-b", "16", "-c", "1"], False),
    "pcm22k-mono": ("wav", ["-r", "22050", "-e", "signed", "-b", "16", "-c", "1"], False),
    "pcm44k-mono": ("wav", ["-r", "44100", "-e", "signed", "-b", "16", "-c", "1"], False),
    "mp3-44k-stereo": ("mp3", ["-r", "44100", "-C", "48"], False),
    "mp3-48k-stereo": ("mp3", ["-r", "48000", "-C", "48"], False),
}

def main(dialogues, out):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(7)
    manifest = []
    with tempfile.TemporaryDirectory() as tmp:
        for call in parse(dialogues):
            stereo, dur = build(call, tmp, rng)
            ext, args, telephone = FORMATS[call["format"]]
            name = f"{call['id']}.{ext}"
            effects = ["sinc", "300-3400"] if telephone else []
            subprocess.run(["sox", stereo] + args + [os.path.join(out, name)] + effects, check=True)
            entry = {"id": call["id"], "file": name, "format": call["format"], "topic": call["topic"],
                     "agent_voice": call["agent_voice"], "customer_voice": call["customer_voice"],
                     "duration_s": round(dur, 3), "turns": call["turns"]}
            if "language" in call:
                entry["language"] = call["language"]
            if call["readouts"]:
                entry["readouts"] = call["readouts"]
            manifest.append(entry)
            print(f"{name}: {dur:.1f} s", file=sys.stderr)
    with open(os.path.join(out, "references.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
