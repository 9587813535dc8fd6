.license "GPL"
.license "MIT"
