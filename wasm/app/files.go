package app

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the decoders image.Decode uses: the formats cmd/classify reads
	_ "image/jpeg"
	_ "image/png"
	"strings"

	"digits/core"
	"digits/core/draw"
)

// Files given to the app, by a file picker, dropped on it or through the
// page's API: model files (imported, see Session.Import) and pictures of
// digits (put on the pad, read as cmd/classify reads them).

// Limits of what the app reads. A picture is decoded into memory at 4
// bytes a pixel (the page's memory never shrinks): 50 megapixels is a
// large phone photo; its file may hold at most 64 MB. A model file may be
// as large as core.ReadModel accepts (MaxModelFileBytes).
const (
	MaxPictureBytes  = 64 << 20
	MaxPicturePixels = 50_000_000
)

// IsModelFile reports whether a file that begins with head is a model
// file (rather than a picture): whether it opens with core.ModelMagic.
func IsModelFile(head []byte) bool { return bytes.HasPrefix(head, []byte(core.ModelMagic)) }

// FileLimit is the largest file the app reads of the kind that begins
// with head.
func FileLimit(head []byte) int64 {
	if IsModelFile(head) {
		return MaxModelFileBytes
	}
	return MaxPictureBytes
}

// TooLarge says why a file of size bytes that begins with head is refused
// before it is read, or is nil if it is not too large.
func TooLarge(size int64, head []byte) error {
	limit := FileLimit(head)
	if size <= limit {
		return nil
	}
	got, most := sizes(size, limit)
	if IsModelFile(head) {
		return fmt.Errorf("%s is larger than any model file (at most %s, %d million weights): not read", got, most, core.MaxModelParams/1_000_000)
	}
	return fmt.Errorf("%s is too large for a picture here (at most %s): not read", got, most)
}

// sizes writes a file's size and a limit it exceeds readably, to the byte
// when rounding would make them look the same ("134.3 MB is larger than
// at most 134.3 MB").
func sizes(size, limit int64) (string, string) {
	if a, b := Bytes(size), Bytes(limit); a != b {
		return a, b
	}
	return Thousands(float64(size)) + " bytes", Thousands(float64(limit)) + " bytes"
}

// DecodePicture decodes a PNG, JPEG or GIF picture and finds its ink as
// cmd/classify does (draw.InkFromImage, whose ink draw.PreprocessInk
// turns into the network's input: together draw.Preprocess). It refuses,
// with the reason, a file that is no such picture, one larger than
// MaxPicturePixels (before decoding it) and one without a digit.
func DecodePicture(b []byte) (ink []float32, w, h int, err error) {
	if len(b) > MaxPictureBytes {
		return nil, 0, 0, fmt.Errorf("%s is too large for a picture here (at most %s)", Bytes(int64(len(b))), Bytes(MaxPictureBytes))
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		what := "not a PNG, JPEG or GIF picture"
		if IsModelFile(b) {
			what = "a model file, not a picture (import it instead)"
		}
		return nil, 0, 0, fmt.Errorf("%s (%v)", what, err)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPicturePixels {
		return nil, 0, 0, fmt.Errorf("%d×%d pixels is too large (at most %d megapixels)", cfg.Width, cfg.Height, MaxPicturePixels/1_000_000)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("broken %s picture: %v", strings.ToUpper(format), err)
	}
	ink, w, h, err = draw.InkFromImage(img)
	if err == nil {
		// A picture without a digit is refused here, where the pad can
		// still keep what it has.
		_, err = draw.PreprocessInk(ink, w, h)
	}
	if errors.Is(err, draw.ErrNoDigit) {
		return nil, 0, 0, fmt.Errorf("no digit in this %s picture: it has no ink on its paper", strings.ToUpper(format))
	}
	if err != nil {
		return nil, 0, 0, err
	}
	return ink, w, h, nil
}

// ImportFile imports the model file b, named name, into s (Session.Import)
// and says what became of it, in a line for the screen.
func ImportFile(s *Session, name string, b []byte) (Line, error) {
	if err := s.Import(name, b); err != nil {
		return Line{fmt.Sprintf("%s: %v. Nothing changed.", name, err), Bad}, err
	}
	return Line{fmt.Sprintf("Imported %s: the %s network in it reads the pad and the test digits.", name, s.Network()), Accent}, nil
}

// LoadPicture puts the picture b, named name, on the pad (DecodePicture,
// Ink.SetPicture) and says what became of it, in a line for the screen.
func LoadPicture(ink *Ink, name string, b []byte) (Line, error) {
	pic, w, h, err := DecodePicture(b)
	if err != nil {
		return Line{fmt.Sprintf("%s: %v. The pad keeps what it had.", name, err), Bad}, err
	}
	ink.SetPicture(pic, w, h)
	return Line{fmt.Sprintf("%s is on the pad, read as cmd/classify reads it; draw over it to change it.", name), Accent}, nil
}

// OpenFile does with a file what its kind asks: a model file is imported,
// anything else is taken for a picture.
func OpenFile(s *Session, ink *Ink, name string, b []byte) (Line, error) {
	if IsModelFile(b) {
		return ImportFile(s, name, b)
	}
	return LoadPicture(ink, name, b)
}
