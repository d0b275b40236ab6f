//go:build !js

package main

// On the desktop there is no page: the window is the whole app, and
// training runs in a goroutine of its own (game.go).
const inBrowser = false

func pageInit(*Game)    {}
func pagePoll(*Game)    {}
func pagePublish(*Game) {}

func pageMark(string) {}
