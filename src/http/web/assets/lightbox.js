// Gallery lightbox (progressive enhancement).
