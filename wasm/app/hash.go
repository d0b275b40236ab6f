package app

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"digits/core"
)

// The training panel's settings in the page's URL, after the #:
//
//	#hidden=300-100&lr=0.1&batch=32&init=he&seed=1
//
// the same settings as cmd/train's --n_hidden 300 100 --learning_rate 0.1
// --batch_size 32 --initial_params he --seed 1, read the way cmd/train
// reads them (the learning rate as a float64, then made a float32), so
// that the page and the command line train the same network bit for bit.
// hidden=none is a network without hidden layers; batch=0 (or full) is
// full batch. arch=lenet5 trains LeNet-5 (cmd/train's --arch lenet5),
// whose layers are fixed: a hidden= beside it is ignored, with a message;
// arch=mlp (the default, which HashOf leaves out) is the fully connected
// network of hidden=.

// HashKeys are the settings a hash may hold, in the order HashOf writes
// them.
var HashKeys = []string{"arch", "hidden", "lr", "batch", "init", "seed"}

// TrainImages is the number of MNIST's training images, and MaxBatch
// the largest batch size the hash takes: all of them.
const (
	TrainImages = 60000
	MaxBatch    = TrainImages
)

// ParseHash reads settings from a URL's fragment (with or without its
// leading #), starting from the defaults. A bad value leaves that setting
// at its default and adds a message saying what was wrong and what is used
// instead; so do unknown and repeated keys. presets names the preset a
// hidden size list comes from, if any.
func ParseHash(hash string, presets [NumPresets]Architecture) (Config, []string) {
	c := DefaultConfig()
	def := DefaultConfig()
	var problems []string
	seen := map[string]bool{}
	hiddenGiven := ""
	for _, part := range strings.Split(strings.TrimPrefix(hash, "#"), "&") {
		if part == "" {
			continue
		}
		key, raw, _ := strings.Cut(part, "=")
		show := key + "=" + shorten(raw)
		v, err := url.QueryUnescape(raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: not a valid URL value (%v)", show, err))
			continue
		}
		if !slices.Contains(HashKeys, key) {
			problems = append(problems, fmt.Sprintf("%s: unknown setting; the settings are %s", shorten(part), strings.Join(HashKeys, ", ")))
			continue
		}
		if seen[key] {
			problems = append(problems, fmt.Sprintf("%s: %s is given more than once; using the last", show, key))
		}
		seen[key] = true
		switch key {
		case "arch":
			a, err := ParseArch(v)
			if err != nil || v == "" {
				c.Arch = def.Arch
				problems = append(problems, fmt.Sprintf("%s: unknown architecture; want mlp or lenet5 (using %s)", show, def.Arch))
				continue
			}
			c.Arch = a
		case "hidden":
			hiddenGiven = show
			h, err := parseHashHidden(v)
			if err != nil {
				c.Hidden, c.Preset = slices.Clone(def.Hidden), def.Preset
				problems = append(problems, fmt.Sprintf("%s: %v (using %s)", show, err, HiddenLabel(def.Hidden)))
				continue
			}
			c.Hidden, c.Preset = h, presetOf(h, presets)
		case "lr":
			r, err := ParseRate(v)
			if err != nil {
				c.Rate = def.Rate
				problems = append(problems, fmt.Sprintf("%s: %v (using %v)", show, err, def.Rate))
				continue
			}
			c.Rate = r
		case "batch":
			b, err := parseHashBatch(v)
			if err != nil {
				c.Batch = def.Batch
				problems = append(problems, fmt.Sprintf("%s: %v (using %d)", show, err, def.Batch))
				continue
			}
			c.Batch = b
		case "init":
			in, err := core.ParseInit(v)
			if err != nil {
				c.Init = def.Init
				problems = append(problems, fmt.Sprintf("%s: want he, gaussian or samson (using %s)", show, def.Init))
				continue
			}
			c.Init = in
		case "seed":
			s, err := ParseSeed(v)
			if err != nil {
				c.Seed = def.Seed
				problems = append(problems, fmt.Sprintf("%s: %v (using %d)", show, err, def.Seed))
				continue
			}
			c.Seed = s
		}
	}
	if c.Arch == LeNet5 {
		c.Hidden, c.Preset = nil, LeNetPreset
		if hiddenGiven != "" {
			problems = append(problems, fmt.Sprintf("%s: hidden sizes belong to arch=mlp; LeNet-5's layers are fixed (ignored)", hiddenGiven))
		}
	}
	return c, problems
}

// HashOf writes c as a URL fragment (without the #) that ParseHash reads
// back as c.
func HashOf(c Config) string {
	if c.Arch == LeNet5 {
		return fmt.Sprintf("arch=%s&lr=%s&batch=%d&init=%s&seed=%d", c.Arch, RateString(c.Rate), c.Batch, c.Init, c.Seed)
	}
	hidden := "none"
	if len(c.Hidden) > 0 {
		hidden = core.SizesString(c.Hidden)
	}
	return fmt.Sprintf("hidden=%s&lr=%s&batch=%d&init=%s&seed=%d", hidden, RateString(c.Rate), c.Batch, c.Init, c.Seed)
}

// RateString writes a learning rate with the fewest digits that read back
// as the same float32: 0.1, not 0.10000000149011612.
func RateString(r float32) string { return strconv.FormatFloat(float64(r), 'g', -1, 32) }

// ParseRate reads a learning rate as cmd/train does (a float64, then a
// float32): a positive number that stays positive and finite as a float32.
func ParseRate(s string) (float32, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("not a number; want a positive learning rate such as 0.1")
	}
	r := float32(v)
	if !(r > 0) || math.IsInf(float64(r), 0) {
		return 0, fmt.Errorf("want a positive learning rate such as 0.1")
	}
	return r, nil
}

// ParseSeed reads a seed: a whole number from 0 to 2⁶⁴−1, in decimal.
func ParseSeed(s string) (uint64, error) {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("want a whole number from 0 to %d", uint64(math.MaxUint64))
	}
	return v, nil
}

// parseHashHidden reads hidden sizes as ParseHidden does, "none" being no
// hidden layer (an empty value is a mistake more often than a wish).
func parseHashHidden(s string) ([]int, error) {
	switch s {
	case "none":
		return []int{}, nil
	case "":
		return nil, fmt.Errorf("no sizes; want e.g. 300-100, or none")
	}
	return ParseHidden(s)
}

// parseHashBatch reads a batch size: 0 or "full" for full batch, or 1 to
// MaxBatch images.
func parseHashBatch(s string) (int, error) {
	if s == "full" {
		return 0, nil
	}
	b, err := strconv.Atoi(s)
	if err != nil || b < 0 || b > MaxBatch {
		return 0, fmt.Errorf("want 0 (full batch) or a batch size of 1 to %s images", Thousands(MaxBatch))
	}
	return b, nil
}

// presetOf is the fully connected preset whose hidden sizes are h, or
// CustomSizes.
func presetOf(h []int, presets [NumPresets]Architecture) Preset {
	for p, a := range presets {
		if a.Arch == MLP && slices.Equal(a.Hidden, h) {
			return Preset(p)
		}
	}
	return CustomSizes
}

// shorten keeps a message readable when a value is very long (a
// 10,000-digit seed): its first 16 characters and how long it was.
func shorten(s string) string {
	const keep = 16
	if len(s) <= keep+8 {
		return s
	}
	return fmt.Sprintf("%s… (%s characters)", s[:keep], Thousands(float64(len(s))))
}
