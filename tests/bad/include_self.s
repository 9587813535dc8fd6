.include "include_self.s"
