package cli

import (
	"slices"
	"testing"
)

func TestExpandLists(t *testing.T) {
	var hidden IntList
	var names StringList
	lists := map[string]listValue{"n_hidden": &hidden, "only": &names}
	for _, c := range []struct{ in, want []string }{
		{[]string{"--n_hidden", "32", "16", "--epochs", "5"}, []string{"--n_hidden=32,16", "--epochs", "5"}},
		{[]string{"-n_hidden", "300"}, []string{"--n_hidden=300"}},
		{[]string{"--n_hidden=32,16"}, []string{"--n_hidden=32,16"}},
		{[]string{"--n_hidden", "-3"}, []string{"--n_hidden=-3"}},
		{[]string{"--n_hidden", "32,16", "8"}, []string{"--n_hidden=32,16,8"}},
		{[]string{"--n_hidden"}, []string{"--n_hidden"}},
		{[]string{"--n_hidden", "--epochs", "3"}, []string{"--n_hidden", "--epochs", "3"}},
		{[]string{"--", "--n_hidden", "3"}, []string{"--", "--n_hidden", "3"}},
		{[]string{"--epochs", "3", "7"}, []string{"--epochs", "3", "7"}},
		{[]string{"--only", "samson", "train-300", "--long"}, []string{"--only=samson,train-300", "--long"}},
		{[]string{"-only", "a,b", "c"}, []string{"--only=a,b,c"}},
		{[]string{"--only", "--long"}, []string{"--only", "--long"}},
	} {
		if got := expandLists(c.in, lists); !slices.Equal(got, c.want) {
			t.Errorf("expandLists(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIntList(t *testing.T) {
	var l IntList
	if err := l.Set("300,100"); err != nil || !slices.Equal(l, IntList{300, 100}) {
		t.Errorf("Set(300,100) = %v, %v", l, err)
	}
	for _, bad := range []string{"", "3x", "1.5", ","} {
		if err := l.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
}

func TestStringList(t *testing.T) {
	var l StringList
	if err := l.Set("a,b c"); err != nil || !slices.Equal(l, StringList{"a", "b", "c"}) {
		t.Errorf("Set(a,b c) = %v, %v", l, err)
	}
	if err := l.Set(","); err == nil {
		t.Error("Set(\",\") accepted")
	}
}
