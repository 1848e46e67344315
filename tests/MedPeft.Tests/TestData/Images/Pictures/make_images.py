#!/usr/bin/python3
"""Writes the small PNG/JPEG test images of this folder and records their pixel values as Pillow
decodes them (reference.json). Run with Debian's interpreter (python3-pil, python3-numpy):
    /usr/bin/python3 make_images.py
"""
import json
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    y, x = np.mgrid[0:24, 0:32]
    gray = (x * 5 + y * 3).astype(np.uint8)
    Image.fromarray(gray, "L").save(os.path.join(HERE, "gray.png"))

    rgb = np.stack([(x * 8) % 256, (y * 10) % 256, ((x + y) * 4) % 256], axis=-1).astype(np.uint8)
    Image.fromarray(rgb, "RGB").save(os.path.join(HERE, "rgb.png"))

    smooth = np.stack([x * 6 + 20, y * 8 + 10, 128 + 0 * x], axis=-1).astype(np.uint8)
    Image.fromarray(smooth, "RGB").save(os.path.join(HERE, "photo.jpg"), quality=95)
    data = open(os.path.join(HERE, "photo.jpg"), "rb").read()
    open(os.path.join(HERE, "truncated.jpg"), "wb").write(data[: len(data) * 6 // 10])

    decoded_jpeg = np.asarray(Image.open(os.path.join(HERE, "photo.jpg")).convert("RGB")).astype(float)
    resized = np.asarray(Image.fromarray(gray, "L").resize((16, 12), Image.BICUBIC)).astype(float)
    coords = [(0, 0), (5, 7), (11, 15), (23, 31)]
    reference = {
        "generator": "Pillow " + Image.__version__,
        "gray.png": {"height": 24, "width": 32, "channels": 1, "pixels": [[r, c, float(gray[r, c])] for r, c in coords]},
        "rgb.png": {"height": 24, "width": 32, "channels": 3, "pixels": [[r, c] + rgb[r, c].astype(float).tolist() for r, c in coords]},
        "photo.jpg": {"height": 24, "width": 32, "channels": 3, "pixels": [[r, c] + decoded_jpeg[r, c].tolist() for r, c in coords]},
        "gray.png resized to 12x16 bicubic": {"height": 12, "width": 16, "pixels": [[r, c, float(resized[r, c])] for r in range(12) for c in range(16)]},
    }
    with open(os.path.join(HERE, "reference.json"), "w") as out:
        json.dump(reference, out)
        out.write("\n")


if __name__ == "__main__":
    main()
