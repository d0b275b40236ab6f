module digits

go 1.26
