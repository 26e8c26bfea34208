"""A tiny, real llama.cpp model and server: the llm engine's tests and bench/llm.py use them.

No chat model can be downloaded here, so we write one: a llama-architecture GGUF with one
block, a 64-wide embedding and random weights, over a SentencePiece-style vocabulary of
the letters, a few words and every byte (byte fallback, so any text can be encoded), with
a chat template in its metadata. llama-cpp-python's server loads it like any model and
answers garbage, by construction; a grammar sent with the request makes it answer what
the grammar allows.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WIDTH, FEED_FORWARD, HEADS, CONTEXT = 64, 128, 4, 8192
WORDS = "the of and to in is are for on with that this workers click platform invisible".split()
TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}</s>\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def build_model(path: Path, seed: int = 0) -> Path:
    """Write the tiny model to ``path`` (about 350 KB, in well under a second)."""
    import gguf
    import numpy as np

    pieces = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL] + [gguf.TokenType.BYTE] * 256
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:!?'\"<>/()-0123456789"
    normal = ["▁"] + list(letters) + [f"▁{w}" for w in WORDS]
    pieces += normal
    types += [gguf.TokenType.NORMAL] * len(normal)
    scores = [0.0] * 259 + [-float(i) for i in range(len(normal))]
    vocab = len(pieces)

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny-random-llama")
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(WIDTH)
    writer.add_block_count(1)
    writer.add_feed_forward_length(FEED_FORWARD)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(WIDTH // HEADS)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(pieces)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_chat_template(TEMPLATE)
    rng = np.random.default_rng(seed)

    def weights(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    ones = np.ones(WIDTH, dtype=np.float32)
    writer.add_tensor("token_embd.weight", weights(vocab, WIDTH))
    writer.add_tensor("output_norm.weight", ones)
    writer.add_tensor("output.weight", weights(vocab, WIDTH))
    writer.add_tensor("blk.0.attn_norm.weight", ones)
    for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
        writer.add_tensor(f"blk.0.{name}.weight", weights(WIDTH, WIDTH))
    writer.add_tensor("blk.0.ffn_norm.weight", ones)
    writer.add_tensor("blk.0.ffn_gate.weight", weights(FEED_FORWARD, WIDTH))
    writer.add_tensor("blk.0.ffn_up.weight", weights(FEED_FORWARD, WIDTH))
    writer.add_tensor("blk.0.ffn_down.weight", weights(WIDTH, FEED_FORWARD))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(model: Path, log: Path, port: int | None = None, alias: str = "tiny-random-llama"):
    """``python -m llama_cpp.server`` on the model, on a free loopback port; yields its
    base URL (``http://127.0.0.1:PORT/v1``) once it answers, and stops it afterwards."""
    port = port or free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", alias]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(CONTEXT), "--n_threads", "1"]
    with open(log, "ab") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    said = log.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"llama_cpp.server did not start: {said}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":  # python tests/engines/tiny_llm.py /tmp/tiny.gguf
    print(build_model(Path(sys.argv[1])))
