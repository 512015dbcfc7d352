package dev.parley.app;
final class Placeholder {}
