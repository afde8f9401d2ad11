# newskiosk build settings (suckless style): override on the command line,
# e.g. make PREFIX=/usr CC=aarch64-linux-gnu-gcc PKG_CONFIG=aarch64-linux-gnu-pkg-config
VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/newskiosk
CC ?= cc
PKG_CONFIG ?= pkg-config
CROSS_COMPILE ?=
OPT ?= -O2 -g
