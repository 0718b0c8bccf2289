#!/usr/bin/python3
"""Golden files for the Java preprocessing (dev.lottery.data.Preprocessor): small synthetic images
decoded and preprocessed by PIL + torchvision exactly as the reference evaluation pipelines do
(torchvision.datasets.folder.pil_loader -> Resize(256) -> CenterCrop(224) -> ToTensor -> Normalize).

Run from the repository root with Debian's packages (python3-pil, python3-torchvision):
    /usr/bin/python3 tools/imagenet-golden/make_goldens.py
It rewrites suite/src/test/resources/dev/lottery/data/golden/. The images are generated here
(gradients, a checker, a disc), never taken from ImageNet. Output:
  src/<name>          the encoded source images (JPEG baseline/progressive/gray/CMYK, CMYK with an ICC profile,
                      PNG palette/RGBA/16-bit gray, PNG named .JPEG)
  rgb/<name>.png      PIL's img.convert('RGB') of each source, top-left 96x96 at most (decoding golden)
  out/<name>.<interp>.png   Resize(256, interp) + CenterCrop(224) as 8-bit RGB = ToTensor()*255 exactly
  normalized.txt      ToTensor+Normalize(ImageNet mean/std) floats of a 6x6 corner of one case
  manifest.csv        name, source mode, size, interpolation, sha256 of each source
"""
import hashlib, io, os, sys
import numpy as np
from PIL import Image
import torch, torchvision
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode

OUT = os.path.join('suite', 'src', 'test', 'resources', 'dev', 'lottery', 'data', 'golden')
rng = np.random.default_rng(20261126)


def picture(w, h):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / 7.0) * np.cos(y / 11.0)
    g = 255 * x / w
    b = np.where(((x // 9 + y // 9) % 2) == 0, 40, 210)           # sharp checker edges stress antialiasing
    disc = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (min(w, h) / 3) ** 2
    r = np.where(disc, 250 - 0.3 * y, r)
    img = np.stack([r, g, b], -1)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def save(img, name, **kw):
    buf = io.BytesIO()
    fmt = kw.pop('format')
    img.save(buf, format=fmt, **kw)
    data = buf.getvalue()
    with open(os.path.join(OUT, 'src', name), 'wb') as f:
        f.write(data)
    return data


def main():
    for d in ('src', 'rgb', 'out'):
        os.makedirs(os.path.join(OUT, d), exist_ok=True)
    sources = []
    rgb = Image.fromarray(picture(333, 250), 'RGB')
    sources.append(('a_baseline.jpg', save(rgb, 'a_baseline.jpg', format='JPEG', quality=90)))
    sources.append(('b_progressive.jpg', save(Image.fromarray(picture(250, 333), 'RGB'), 'b_progressive.jpg',
                                               format='JPEG', quality=90, progressive=True)))
    sources.append(('c_gray.jpg', save(Image.fromarray(picture(120, 97), 'RGB').convert('L'), 'c_gray.jpg',
                                        format='JPEG', quality=90)))
    sources.append(('d_cmyk.jpg', save(Image.fromarray(picture(90, 110), 'RGB').convert('CMYK'), 'd_cmyk.jpg',
                                        format='JPEG', quality=90)))
    # a CMYK JPEG carrying an ICC profile: Pillow's convert('RGB') ignores embedded profiles, so must we
    from PIL import ImageCms
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()
    sources.append(('h_cmyk_icc.jpg', save(Image.fromarray(picture(64, 80), 'RGB').convert('CMYK'), 'h_cmyk_icc.jpg',
                                            format='JPEG', quality=90, icc_profile=icc)))
    # 16-bit gray PNG: Pillow opens it as mode I and convert('RGB') clips at 255 (it does not scale)
    sixteen = (picture(72, 60)[:, :, 1].astype(np.uint16) * 2).astype(np.uint16)
    sources.append(('i_gray16.png', save(Image.fromarray(sixteen), 'i_gray16.png', format='PNG')))
    sources.append(('e_palette.png', save(Image.fromarray(picture(100, 80), 'RGB').convert('P', palette=Image.ADAPTIVE,
                                                                                           colors=64),
                                           'e_palette.png', format='PNG')))
    rgba = Image.fromarray(picture(80, 100), 'RGB').convert('RGBA')
    a = np.asarray(rgba).copy()
    a[:, :, 3] = np.tile(np.arange(100, dtype=np.uint16)[:, None] * 2, (1, 80)).astype(np.uint8)
    sources.append(('f_rgba.png', save(Image.fromarray(a, 'RGBA'), 'f_rgba.png', format='PNG')))
    sources.append(('g_png_named.JPEG', save(Image.fromarray(picture(70, 64), 'RGB'), 'g_png_named.JPEG', format='PNG')))

    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    rows = ['name,mode,width,height,interpolation,sha256']
    for name, data in sources:
        img = Image.open(io.BytesIO(data))
        mode = img.mode
        conv = img.convert('RGB')                        # torchvision pil_loader
        conv.crop((0, 0, min(96, conv.width), min(96, conv.height))).save(os.path.join(OUT, 'rgb', name + '.png'))
        for interp, im in (('bilinear', InterpolationMode.BILINEAR), ('bicubic', InterpolationMode.BICUBIC)):
            t = T.Compose([T.Resize(256, interpolation=im), T.CenterCrop(224), T.ToTensor()])(conv)
            u8 = torch.round(t * 255).to(torch.uint8).permute(1, 2, 0).numpy()
            assert np.array_equal(u8.astype(np.float32) / 255, t.permute(1, 2, 0).numpy()), 'ToTensor is x/255'
            Image.fromarray(u8, 'RGB').save(os.path.join(OUT, 'out', name + '.' + interp + '.png'))
            rows.append(','.join([name, mode, str(img.size[0]), str(img.size[1]), interp,
                                  hashlib.sha256(data).hexdigest()]))
    conv = Image.open(os.path.join(OUT, 'src', 'a_baseline.jpg')).convert('RGB')
    n = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(mean, std)])(conv)
    with open(os.path.join(OUT, 'normalized.txt'), 'w') as f:
        f.write('# a_baseline.jpg, Resize(256) CenterCrop(224) ToTensor Normalize(ImageNet): channel y x value (float32 repr)\n')
        for c in range(3):
            for yy in range(6):
                for xx in range(6):
                    f.write('%d %d %d %r\n' % (c, yy, xx, float(n[c, yy, xx])))
    with open(os.path.join(OUT, 'manifest.csv'), 'w') as f:
        f.write('# made by tools/imagenet-golden/make_goldens.py with Pillow %s, torchvision %s, torch %s\n'
                % (Image.__version__, torchvision.__version__, torch.__version__))
        f.write('\n'.join(rows) + '\n')


if __name__ == '__main__':
    main()
