#pragma once

#include "flipbench/data/image_folder/image_decode.h"

namespace flipbench {

/// Resizes by area averaging: every output pixel is the mean of the input area it covers, input
/// pixels cut by the area's border weighted by the part inside, rounded to the nearest integer.
/// Whole-number reductions are plain block means (64x64 -> 32x32: the mean of each 2x2 block);
/// whole-number enlargements repeat pixels (16x16 -> 32x32: each pixel becomes a 2x2 block). The
/// aspect ratio is not kept: the picture is stretched to width x height.
RgbImage resizeAreaAverage(const RgbImage& image, int width, int height);

/// The 32x32 CIFAR layout of `image` (1024 R, 1024 G, 1024 B bytes, rows top to bottom) written to
/// `out`, resized with resizeAreaAverage when it is another size. Returns whether it was resized.
bool toCifarPlanes(const RgbImage& image, uint8_t* out);

} // namespace flipbench
