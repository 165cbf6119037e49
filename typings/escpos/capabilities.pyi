from typing import Any

class BaseProfile:
    profile_data: dict[str, Any]
    def supports(self, feature: str) -> bool: ...

def get_profile_class(name: str) -> type[BaseProfile]: ...
