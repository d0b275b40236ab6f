//go:build js

package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"syscall/js"

	"digits/wasm/app"
)

// In the browser the kept network lives in the page's local storage, as
// base64 text under storageKey: a synchronous store, so the network is
// back before the first frame (IndexedDB would answer a few frames
// later). Browsers give a page about 5 million characters of it, enough
// for a network of about 900,000 weights; a larger one is not kept, and
// the app says so.
const storageKey = "digits.kept"

// storage is where the app keeps the network across visits.
type storage struct {
	ls      js.Value // window.localStorage
	problem string   // why nothing can be kept, or ""
	saved   app.Rev  // the session's Keep revision last written
	rev     app.Rev  // moves when problem does
}

// openStorage finds the page's local storage. Some settings refuse it to
// pages, file:// ones in particular; reading window.localStorage then
// throws. It is read through Reflect.get, a call: syscall/js turns an
// exception in a call into a panic jsTry recovers, where one in a plain
// property read would end the program.
func openStorage() (st storage) {
	err := jsTry(func() { st.ls = js.Global().Get("Reflect").Call("get", js.Global(), "localStorage") })
	if err == nil && st.ls.Type() != js.TypeObject {
		err = errors.New("this browser has no local storage")
	}
	if err != nil {
		st.problem = fmt.Sprintf("This page cannot keep what you train for your next visit (%v); everything else works.", err)
	}
	return st
}

func (st *storage) usable() bool { return st.problem == "" }

// load returns the kept record, or nil.
func (st *storage) load() (b []byte, err error) {
	var v js.Value
	if err := jsTry(func() { v = st.ls.Call("getItem", storageKey) }); err != nil {
		return nil, err
	}
	if v.Type() != js.TypeString {
		return nil, nil
	}
	b, err = base64.StdEncoding.DecodeString(v.String())
	if err != nil {
		return nil, fmt.Errorf("the stored text is not base64 (%v)", err)
	}
	return b, nil
}

// save replaces the kept record with b.
func (st *storage) save(b []byte) error {
	s := base64.StdEncoding.EncodeToString(b)
	err := jsTry(func() { st.ls.Call("setItem", storageKey, s) })
	if err != nil {
		st.remove() // an old network must not come back in its place
		return fmt.Errorf("the browser refused its %s (%v)", app.Bytes(int64(len(b))), err)
	}
	return nil
}

// remove forgets the kept record.
func (st *storage) remove() {
	_ = jsTry(func() { st.ls.Call("removeItem", storageKey) })
}

// jsTry runs f, turning a JavaScript exception it raises into an error.
func jsTry(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if je, ok := r.(js.Error); ok {
				err = errors.New(je.Value.Get("message").String())
				return
			}
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}
