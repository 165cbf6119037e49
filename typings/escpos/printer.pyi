from escpos.capabilities import BaseProfile
from PIL.Image import Image

class Dummy:
    profile: BaseProfile
    def __init__(self, *, profile: str | None = ...) -> None: ...
    @property
    def output(self) -> bytes: ...
    def hw(self, hw: str) -> None: ...
    def image(
        self,
        img_source: Image | str,
        high_density_vertical: bool = ...,
        high_density_horizontal: bool = ...,
        impl: str = ...,
        fragment_height: int = ...,
        center: bool = ...,
    ) -> None: ...
    def print_and_feed(self, n: int = ...) -> None: ...
    def cut(self, mode: str = ..., feed: bool = ...) -> None: ...
