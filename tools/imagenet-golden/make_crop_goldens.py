"""Goldens for the training-time crop: torchvision's resized_crop + hflip on boxes RandomResizedCrop can draw.

    /usr/bin/python3 tools/imagenet-golden/make_crop_goldens.py     # from the repository root

For each case: the source (one of make_goldens.py's committed sources under golden/src), a box (top, left,
height, width) inside it, the output size, the interpolation and whether the crop is flipped;
torchvision.transforms.functional.resized_crop(img, top, left, height, width, [size, size], interp) then
hflip, saved as an 8-bit PNG under golden/crop/ (what ToTensor divides by 255), listed in crop.csv.
ResizedCropGoldenTest requires Java's crop to equal these bytes. The boxes are fixed here (not drawn from
torch's RNG): the test is about the pixels for a given box, the box sampling has its own tests.
"""
import os

from PIL import Image
import torchvision
from torchvision.transforms import InterpolationMode
import torchvision.transforms.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GOLDEN = os.path.join(ROOT, "suite", "src", "test", "resources", "dev", "lottery", "data", "golden")

# source, top, left, height, width, size, interpolation, flip: down- and up-scaling, edges, thin boxes
CASES = [
    ("a_baseline.jpg", 0, 0, 250, 333, 96, "bilinear", False),
    ("a_baseline.jpg", 17, 40, 180, 120, 96, "bilinear", True),
    ("a_baseline.jpg", 100, 200, 40, 60, 96, "bicubic", False),
    ("a_baseline.jpg", 3, 5, 247, 300, 64, "bicubic", True),
    ("b_progressive.jpg", 50, 10, 200, 230, 96, "bilinear", True),
    ("b_progressive.jpg", 0, 125, 333, 125, 80, "bicubic", False),
    ("c_gray.jpg", 10, 20, 60, 70, 96, "bilinear", True),
    ("e_palette.png", 5, 5, 30, 90, 48, "bicubic", True),
]


def main():
    out = os.path.join(GOLDEN, "crop")
    os.makedirs(out, exist_ok=True)
    rows = []
    for i, (src, top, left, h, w, size, interp, flip) in enumerate(CASES):
        img = Image.open(os.path.join(GOLDEN, "src", src)).convert("RGB")
        assert 0 <= top and top + h <= img.height and 0 <= left and left + w <= img.width, (src, img.size)
        mode = InterpolationMode.BILINEAR if interp == "bilinear" else InterpolationMode.BICUBIC
        crop = F.resized_crop(img, top, left, h, w, [size, size], mode)
        if flip:
            crop = F.hflip(crop)
        name = "crop%02d.png" % i
        crop.save(os.path.join(out, name))
        rows.append(",".join(map(str, (name, src, top, left, h, w, size, interp, str(flip).lower()))))
    with open(os.path.join(GOLDEN, "crop.csv"), "w") as f:
        f.write("# made by tools/imagenet-golden/make_crop_goldens.py with Pillow %s, torchvision %s\n"
                % (Image.__version__, torchvision.__version__))
        f.write("name,source,top,left,height,width,size,interpolation,flip\n")
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
