//go:build !js

package main

// On the desktop there is no page: the window is the whole app, and
// training runs in a goroutine of its own (link_other.go).
const inBrowser = false

func pageInit(*Game)    {}
func pagePoll(*Game)    {}
func pagePublish(*Game) {}
func pageReady(*Game)   {}
func pageMark(string)   {}
