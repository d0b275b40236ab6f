package app

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"digits/core"
)

func testPresets(t *testing.T) [NumPresets]Architecture {
	t.Helper()
	net, err := core.NewNetwork([]int{784, 512, 256, 10})
	if err != nil {
		t.Fatal(err)
	}
	return Presets(net)
}

// A hash sets every setting, the same as cmd/train's flags would; hidden
// sizes of a preset select that preset.
func TestParseHash(t *testing.T) {
	presets := testPresets(t)
	for _, c := range []struct {
		hash string
		want Config
	}{
		{"", DefaultConfig()},
		{"#", DefaultConfig()},
		{"#hidden=300-100&lr=0.1&batch=32&init=he&seed=1", DefaultConfig()},
		{"hidden=64-32&lr=0.1&batch=64&init=he&seed=5", Config{Hidden: []int{64, 32}, Preset: CustomSizes, Rate: 0.1, Batch: 64, Init: core.InitHe, Seed: 5}},
		{"#seed=18446744073709551615&init=samson&batch=full&lr=1e-3&hidden=32-16", Config{Hidden: []int{32, 16}, Preset: SeedPreset, Rate: 0.001, Batch: 0, Init: core.InitSamson, Seed: 18446744073709551615}},
		{"#hidden=512,256&batch=0&init=gaussian", Config{Hidden: []int{512, 256}, Preset: DefaultPreset, Rate: 0.1, Batch: 0, Init: core.InitGaussian, Seed: 1}},
		{"#hidden=none&lr=0.07", Config{Hidden: []int{}, Preset: CustomSizes, Rate: 0.07, Batch: 32, Init: core.InitHe, Seed: 1}},
		{"#hidden=128%2064", Config{Hidden: []int{128, 64}, Preset: CustomSizes, Rate: 0.1, Batch: 32, Init: core.InitHe, Seed: 1}},
	} {
		got, problems := ParseHash(c.hash, presets)
		if len(problems) > 0 || !got.Equal(c.want) || got.Preset != c.want.Preset {
			t.Errorf("ParseHash(%q) = %+v, %q; want %+v", c.hash, got, problems, c.want)
		}
		if back, problems := ParseHash(HashOf(got), presets); len(problems) > 0 || !back.Equal(got) {
			t.Errorf("HashOf(%+v) = %q reads back as %+v, %q", got, HashOf(got), back, problems)
		}
	}
	if h := HashOf(DefaultConfig()); h != "hidden=300-100&lr=0.1&batch=32&init=he&seed=1" {
		t.Errorf("HashOf(defaults) = %q", h)
	}
}

// Every bad value gets a message naming it, what is wanted and what is
// used instead, and leaves that setting (only that one) at its default.
func TestParseHashBadValues(t *testing.T) {
	presets := testPresets(t)
	def := DefaultConfig()
	long := strings.Repeat("9", 10000)
	for _, c := range []struct {
		hash string
		want []string // in the one message
		keep func(Config) bool
	}{
		{"#hidden=0", []string{"hidden=0", "0 neurons", "1 to 2048", "using 300-100"}, func(c Config) bool { return slices.Equal(c.Hidden, def.Hidden) && c.Preset == LeCunPreset }},
		{"#hidden=", []string{"hidden=", "want e.g. 300-100", "using 300-100"}, func(c Config) bool { return slices.Equal(c.Hidden, def.Hidden) }},
		{"#hidden=9999", []string{"9999 neurons"}, func(c Config) bool { return slices.Equal(c.Hidden, def.Hidden) }},
		{"#hidden=1-2-3-4-5", []string{"5 hidden layers: at most 4"}, func(c Config) bool { return slices.Equal(c.Hidden, def.Hidden) }},
		{"#hidden=abc", []string{`"abc" is not a number`}, func(c Config) bool { return slices.Equal(c.Hidden, def.Hidden) }},
		{"#lr=abc", []string{"lr=abc", "not a number", "using 0.1"}, func(c Config) bool { return c.Rate == def.Rate }},
		{"#lr=0", []string{"lr=0", "positive learning rate"}, func(c Config) bool { return c.Rate == def.Rate }},
		{"#lr=-0.1", []string{"positive"}, func(c Config) bool { return c.Rate == def.Rate }},
		{"#lr=NaN", []string{"positive"}, func(c Config) bool { return c.Rate == def.Rate }},
		{"#lr=Inf", []string{"positive"}, func(c Config) bool { return c.Rate == def.Rate }},
		{"#lr=1e50", []string{"positive"}, func(c Config) bool { return c.Rate == def.Rate }},  // +Inf as a float32
		{"#lr=1e-50", []string{"positive"}, func(c Config) bool { return c.Rate == def.Rate }}, // 0 as a float32
		{"#batch=-1", []string{"batch=-1", "want 0 (full batch)", "1 to 60,000", "using 32"}, func(c Config) bool { return c.Batch == def.Batch }},
		{"#batch=60001", []string{"1 to 60,000"}, func(c Config) bool { return c.Batch == def.Batch }},
		{"#batch=3.5", []string{"want 0"}, func(c Config) bool { return c.Batch == def.Batch }},
		{"#init=xavier", []string{"init=xavier", "he, gaussian or samson", "using he"}, func(c Config) bool { return c.Init == def.Init }},
		{"#seed=" + long, []string{"seed=9999999999999999… (10,000 characters)", "0 to 18446744073709551615", "using 1"}, func(c Config) bool { return c.Seed == def.Seed }},
		{"#seed=18446744073709551616", []string{"0 to 18446744073709551615"}, func(c Config) bool { return c.Seed == def.Seed }},
		{"#seed=-1", []string{"whole number"}, func(c Config) bool { return c.Seed == def.Seed }},
		{"#seed=0x10", []string{"whole number"}, func(c Config) bool { return c.Seed == def.Seed }},
		{"#colour=blue", []string{"colour=blue: unknown setting", "hidden, lr, batch, init, seed"}, func(c Config) bool {
			return sameShape(c, Config{Hidden: def.Hidden, Batch: def.Batch, Init: c.Init, Seed: def.Seed})
		}},
		{"#seed=%zz", []string{"not a valid URL value"}, func(c Config) bool { return c.Seed == def.Seed }},
	} {
		// A good setting after the bad one is taken.
		extra, good := "&init=gaussian", func(c Config) bool { return c.Init == core.InitGaussian }
		if strings.HasPrefix(c.hash, "#init") {
			extra, good = "&batch=64", func(c Config) bool { return c.Batch == 64 }
		}
		got, problems := ParseHash(c.hash+extra, presets)
		if len(problems) != 1 {
			t.Errorf("ParseHash(%.40q): %d messages %q, want 1", c.hash, len(problems), problems)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(problems[0], w) {
				t.Errorf("ParseHash(%.40q): message %q lacks %q", c.hash, problems[0], w)
			}
		}
		if len(problems[0]) > 200 {
			t.Errorf("ParseHash(%.40q): a message of %d characters", c.hash, len(problems[0]))
		}
		if !good(got) {
			t.Errorf("ParseHash(%.40q): the good setting %s after the bad one was not taken: %+v", c.hash, extra, got)
		}
		if !c.keep(got) {
			t.Errorf("ParseHash(%.40q): the bad setting is not the default: %+v", c.hash, got)
		}
	}
	_, problems := ParseHash("#seed=1&seed=2", presets)
	if len(problems) != 1 || !strings.Contains(problems[0], "more than once") {
		t.Errorf("a repeated key: %q", problems)
	}
	bad, problems := ParseHash("#hidden=0&lr=abc&batch=-1&init=x&seed="+long, presets)
	if len(problems) != 5 || !bad.Equal(def) {
		t.Errorf("five bad values: %d messages, settings %+v", len(problems), bad)
	}
}

// The learning rate is read as cmd/train reads --learning_rate: a
// float64 made a float32, which is not always what reading a float32
// directly gives (double rounding).
func TestParseRateAsCmdTrain(t *testing.T) {
	for _, s := range []string{"0.1", "0.05", "0.2", "1e-3", "0.30000001192092896", "7.038531e-26", "1.00000005960464477539062499"} {
		r, err := ParseRate(s)
		if err != nil {
			t.Fatalf("ParseRate(%q): %v", s, err)
		}
		v, _ := strconv.ParseFloat(s, 64)
		if r != float32(v) {
			t.Errorf("ParseRate(%q) = %v, cmd/train's float32(%v) = %v", s, r, v, float32(v))
		}
		if back, _ := ParseRate(RateString(r)); back != r {
			t.Errorf("RateString(%v) = %q reads back as %v", r, RateString(r), back)
		}
	}
}
