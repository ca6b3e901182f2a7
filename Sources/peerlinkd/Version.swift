let peerlinkVersion = "0.1.0"
