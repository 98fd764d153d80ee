// The presenter view: the shared live client with no controls of its own (a static file: the
// Content-Security-Policy allows no inline script).
HustingsLive.start({});
