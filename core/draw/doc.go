// Package draw turns pictures of handwritten digits into the 28×28 input
// that the networks of package core read, the way MNIST itself was made,
// and redraws MNIST's own digits with random distortions so that a
// network learns to read digits as people draw them.
//
// # Preprocessing
//
// Preprocess takes any image.Image (a photo, a scan, a canvas); the app's
// draw pad hands its ink buffer to PreprocessInk, which starts at step 2.
// Both return 784 values in [0, 1], row-major, 0 for paper and 1 for ink,
// or an error wrapping ErrNoDigit when there is no ink. LeCun's MNIST page
// describes the method: "The original black and white (bilevel) images
// from NIST were size normalized to fit in a 20x20 pixel box while
// preserving their aspect ratio. The resulting images contain grey levels
// as a result of the anti-aliasing technique used by the normalization
// algorithm. The images were centered in a 28x28 image by computing the
// center of mass of the pixels, and translating the image so as to
// position this point at the center of the 28x28 field." The steps, in
// order:
//
//  1. Paper and ink (InkFromImage). The paper's colour is the median
//     colour of the picture's border, and a pixel's ink is how far its
//     colour is from the paper's, so dark ink on light paper, chalk on a
//     blackboard and coloured ink all work. Transparent pixels are paper;
//     if most of the border is transparent, a pixel's ink is its opacity.
//     A picture bigger than 1024 pixels a side is first shrunk by
//     averaging boxes of pixels, and uneven lighting (a shadow across a
//     photographed page) is flattened so that it does not count as ink.
//  2. Noise. The ink is normalised so that the strongest is 1; ink below
//     a fifth of the strongest (paper texture, JPEG ringing) and specks
//     far smaller than the digit (dust, a stray tap) are dropped. A
//     picture whose strongest ink is barely different from its paper has
//     no digit.
//  3. Crop to the bounding box of the ink that is left.
//  4. Pen width. Strokes are brought into MNIST's usual width of 2 to 3
//     pixels of the result: a hair-thin line on a big photo would vanish
//     when shrunk, so it is thickened; a digit drawn small with a fat
//     brush would be all stroke, so it is thinned.
//  5. Scale so that the longer side of the box is 20 pixels, keeping the
//     aspect ratio, by area averaging: each output pixel is the mean of
//     the input area it covers, which is MNIST's anti-aliasing.
//  6. Centre of mass: the digit is placed so that its centre of mass
//     falls on the centre of the 28×28 field. Steps 5 and 6 are one
//     resampling with a sub-pixel offset, so centring adds no blur.
//
// Finally the result is stretched so that its strongest ink is 1, as in
// MNIST, where strokes reach full ink.
//
// # Augmentation
//
// MNIST's writers were census staff and students writing with similar
// pens; people drawing on a screen slant, stretch, rotate and thicken
// their digits far more. AugmentDataset redraws every image of a dataset
// with a Distortion of its own (RandomDistortion: rotation, size, aspect
// ratio, slant, shift, pen width, hard-edged strokes; one image in eight
// left as it is) and runs the result through PreprocessInk, exactly as a
// drawing is before it is classified. The default model is trained on
// such redrawn digits, fresh ones every epoch, so that a drawing, once
// preprocessed, looks like the data the network learnt from, and a 7
// stays a 7 when it leans or is drawn with a marker.
//
// Everything here is deterministic: the same picture gives the same
// input bit for bit, and the same seed the same redrawn digits, whatever
// the number of CPUs, natively and in WebAssembly.
package draw
